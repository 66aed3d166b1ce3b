import { z } from "zod";
import { apiError, invalidBody, json, statusOf } from "@/lib/http/api";
import { LAB_MODES } from "@/lib/lab/lab-types";
import { apiRoute } from "@/lib/server/api";
import { continuationAction, synchronousAction } from "@/lib/server/runtime";
import { createWarrantyLookups } from "@/lib/warranty/warranty-modes";

export const dynamic = "force-dynamic";

const { startWarrantyLookup, lookUpWarrantySynchronously, lookUpWarrantyFailFast } = createWarrantyLookups({
  continuationAction,
  synchronousAction,
});

// The route's own field; the rest of the body is the lookup's input, checked (strictly) by the action.
const ModeSchema = z.looseObject({
  mode: z
    .enum(LAB_MODES, { error: "must be synchronous, fail-fast or continuation" })
    .default("continuation"),
});

/**
 * Looks up a product's warranty for the signed-in agent: `{ productId, mode? }` in.
 *   - `continuation` (default): `202 { id }` at once; follow it at `GET /api/continuations/:id`
 *     or on the event stream.
 *   - `synchronous` / `fail-fast` (the lab's comparison): waits for the ERP, then `200 { result }`;
 *     `503 CONCURRENT_REQUESTS_LIMIT` when the org limit refuses it, `504 ERP_TIMEOUT`, `502 ERP_…`.
 * The programmatic twin of the desk's button (the lab's load, tools). Same-origin only.
 */
export const POST = apiRoute(
  { access: "agent", body: { example: '{ "productId": "…" }' } },
  async ({ request, body }) => {
    const parsed = ModeSchema.safeParse(body);
    if (!parsed.success) return invalidBody(parsed.error);
    const { mode, ...input } = parsed.data;
    if (mode === "continuation") {
      const result = await startWarrantyLookup(input as never);
      return result.ok ? json(result.data, 202) : apiError(result.error, statusOf(result.error.code));
    }
    const lookUp = mode === "synchronous" ? lookUpWarrantySynchronously : lookUpWarrantyFailFast;
    const result = await lookUp(input as never, request.signal);
    return result.ok
      ? json({ result: result.data }, 200)
      : apiError(result.error, statusOf(result.error.code));
  },
);
