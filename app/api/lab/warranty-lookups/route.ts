import { z } from "zod";
import { apiError, invalidBody, json, statusOf } from "@/lib/http/api";
import { LAB_MODES, LAB_PRODUCTS } from "@/lib/lab/lab-types";
import { apiRoute } from "@/lib/server/api";
import { labWarrantyLookups } from "@/lib/server/lab";

export const dynamic = "force-dynamic";

const { startWarrantyLookup, lookUpWarrantySynchronously, lookUpWarrantyFailFast } = labWarrantyLookups;

// The route's own field and the lab's products; the rest is the lookup's input, checked by the action.
const LabLookupSchema = z.looseObject({
  mode: z
    .enum(LAB_MODES, { error: "must be synchronous, fail-fast or continuation" })
    .default("continuation"),
  productId: z.enum(LAB_PRODUCTS, {
    error: `must be one of the lab's products: ${LAB_PRODUCTS.join(", ")}`,
  }),
});

/**
 * The lab's simulated click on Get warranty: `{ productId, mode? }` in, answered as
 * `POST /api/warranty-lookups` answers, but sent to the ERP through the lab's own named
 * credential (`ERP_LAB`, its own circuit breaker and base URL) and, for the synchronous modes,
 * under the lab's own org limit: nothing here can pause or refuse an agent's lookups. Only the
 * lab's products (active warranties: one ERP call each). Same-origin only.
 */
export const POST = apiRoute(
  { access: "agent", body: { example: '{ "productId": "wd-drill-18v", "mode": "fail-fast" }' } },
  async ({ request, body }) => {
    const parsed = LabLookupSchema.safeParse(body);
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
