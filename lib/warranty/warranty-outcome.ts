import { z } from "zod";

/** The result of a warranty lookup as the desk shows it (safe to import in the browser). */
export const WarrantyOutcomeSchema = z.discriminatedUnion("outcome", [
  z.object({ outcome: z.literal("active"), serial: z.string(), endDate: z.string() }),
  z.object({ outcome: z.literal("expired"), serial: z.string(), endDate: z.string() }),
  z.object({ outcome: z.literal("not_found"), serial: z.string() }),
]);

export type WarrantyOutcome = z.infer<typeof WarrantyOutcomeSchema>;

/** The subject a warranty lookup is filed under, to find the latest one for a product. */
export function warrantySubject(productId: string): string {
  return `warranty:${productId}`;
}
