import { z } from "zod";
import { apiError, json, readJsonBody, refuseCrossOrigin, statusOf } from "@/lib/http/api";
import { LAB_MODES } from "@/lib/lab/lab-types";
import { continuationAction, synchronousAction } from "@/lib/server/runtime";
import { createWarrantyLookups } from "@/lib/warranty/warranty-modes";

export const dynamic = "force-dynamic";

const { startWarrantyLookup, lookUpWarrantySynchronously, lookUpWarrantyFailFast } = createWarrantyLookups({
  continuationAction,
  synchronousAction,
});

const BodySchema = z.object(
  {
    mode: z
      .enum(LAB_MODES, { error: "mode must be synchronous, fail-fast or continuation" })
      .default("continuation"),
  },
  { error: 'The body must be a JSON object: { "productId": "…" }.' },
);

/**
 * Looks up a product's warranty for the signed-in agent: `{ productId, mode? }` in.
 *   - `continuation` (default): `202 { id }` at once; follow it at `GET /api/continuations/:id`
 *     or on the event stream.
 *   - `synchronous` / `fail-fast` (the lab's comparison): waits for the ERP, then `200 { result }`;
 *     `503 CONCURRENT_REQUESTS_LIMIT` when the org limit refuses it, `504 ERP_TIMEOUT`, `502 ERP_…`.
 * The programmatic twin of the desk's button (the lab's load, tools). Same-origin only.
 */
export async function POST(request: Request) {
  const refused = refuseCrossOrigin(request);
  if (refused) return refused;
  const read = await readJsonBody(request, '{ "productId": "…" }');
  if (!read.ok) return read.response;
  const parsed = BodySchema.safeParse(read.body);
  if (!parsed.success) {
    return apiError(
      { code: "INVALID_INPUT", message: parsed.error.issues[0]?.message ?? "Invalid body." },
      400,
    );
  }
  const { mode } = parsed.data;
  const input = read.body as { productId: string };
  if (mode === "continuation") {
    const result = await startWarrantyLookup(input);
    return result.ok ? json(result.data, 202) : apiError(result.error, statusOf(result.error.code));
  }
  const lookUp = mode === "synchronous" ? lookUpWarrantySynchronously : lookUpWarrantyFailFast;
  const result = await lookUp(input, request.signal);
  return result.ok ? json({ result: result.data }, 200) : apiError(result.error, statusOf(result.error.code));
}
