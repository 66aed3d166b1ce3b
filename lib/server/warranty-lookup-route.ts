import "server-only";
import { z } from "zod";
import { apiError, invalidBody, json, statusOf } from "@/lib/http/api";
import { LAB_MODES, type LabMode } from "@/lib/lab/lab-types";
import type { createWarrantyLookups } from "@/lib/warranty/warranty-modes";
import { apiRoute } from "./api";

/** The body field that picks the way (continuation when absent). */
export const lookupMode = z
  .enum(LAB_MODES, { error: "must be synchronous, fail-fast or continuation" })
  .default("continuation");

/**
 * A `POST` route that looks up a product's warranty in one of the three ways: `{ mode, …input }`
 * in, read with `schema` (the route's own fields; the rest is the lookup's input, checked strictly
 * by the action).
 *   - `continuation`: `202 { id }` at once; follow it at `GET /api/continuations/:id` or on the
 *     event stream.
 *   - `synchronous` / `fail-fast`: waits for the ERP, then `200 { result }`;
 *     `503 CONCURRENT_REQUESTS_LIMIT` when the org limit refuses it, `504 ERP_TIMEOUT`, `502 ERP_…`.
 * Same-origin, signed-in agents only.
 */
export function warrantyLookupRoute(
  lookups: ReturnType<typeof createWarrantyLookups>,
  schema: z.ZodType<{ mode: LabMode }>,
  example: string,
) {
  const { startWarrantyLookup, lookUpWarrantySynchronously, lookUpWarrantyFailFast } = lookups;
  return apiRoute({ access: "agent", body: { example } }, async ({ request, body }) => {
    const parsed = schema.safeParse(body);
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
  });
}
