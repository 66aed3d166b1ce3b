import { z } from "zod";
import { LAB_PRODUCTS } from "@/lib/lab/lab-types";
import { labWarrantyLookups } from "@/lib/server/lab";
import { lookupMode, warrantyLookupRoute } from "@/lib/server/warranty-lookup-route";

export const dynamic = "force-dynamic";

// The route's own field and the lab's products; the rest is the lookup's input, checked by the action.
const LabLookupSchema = z.looseObject({
  mode: lookupMode,
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
export const POST = warrantyLookupRoute(
  labWarrantyLookups,
  LabLookupSchema,
  '{ "productId": "wd-drill-18v", "mode": "fail-fast" }',
);
