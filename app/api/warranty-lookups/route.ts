import { z } from "zod";
import { continuationAction, synchronousAction } from "@/lib/server/runtime";
import { lookupMode, warrantyLookupRoute } from "@/lib/server/warranty-lookup-route";
import { createWarrantyLookups } from "@/lib/warranty/warranty-modes";

export const dynamic = "force-dynamic";

// The route's own field; the rest of the body is the lookup's input, checked (strictly) by the action.
const ModeSchema = z.looseObject({ mode: lookupMode });

/**
 * Looks up a product's warranty for the signed-in agent: `{ productId, mode? }` in, answered as
 * `warrantyLookupRoute` says (continuation by default). The programmatic twin of the desk's
 * button (tools, the benchmark).
 */
export const POST = warrantyLookupRoute(
  createWarrantyLookups({ continuationAction, synchronousAction }),
  ModeSchema,
  '{ "productId": "…" }',
);
