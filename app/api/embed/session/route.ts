import { z } from "zod";
import { apiError, invalidBody, json } from "@/lib/http/api";
import { apiRoute } from "@/lib/server/api";
import { exchangeEmbedCode } from "@/lib/server/embed";

export const dynamic = "force-dynamic";

const BodySchema = z.strictObject({ code: z.string().min(1).max(2_000) });

/**
 * Signs the continuation proxy frame in (docs/decisions/008): `{ code }` (the connect popup's
 * one-time code) in, the frame's partitioned cookie and `200 { agent: { displayName } }` out; `400
 * INVALID_CODE` for a forged or expired code or an ended session. Called by the frame only: its
 * origin is the desk's, as `apiRoute` checks.
 */
export const POST = apiRoute({ access: "anyone", body: { example: '{ "code": "…" }' } }, async ({ body }) => {
  const parsed = BodySchema.safeParse(body);
  if (!parsed.success) return invalidBody(parsed.error);
  const exchanged = await exchangeEmbedCode(parsed.data.code);
  if (!exchanged.ok) return apiError({ code: "INVALID_CODE", message: exchanged.message }, 400);
  return json({ agent: { displayName: exchanged.displayName } }, 200);
});
