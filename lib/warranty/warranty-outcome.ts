import { z } from "zod";

const OfferSchema = z.object({
  code: z.string(),
  months: z.number(),
  price: z.object({ amount: z.number(), currency: z.string() }),
});

/** The result of a warranty lookup as the desk shows it (safe to import in the browser). */
export const WarrantyOutcomeSchema = z.discriminatedUnion("outcome", [
  z.object({ outcome: z.literal("active"), serial: z.string(), endDate: z.string() }),
  z.object({
    outcome: z.literal("expired"),
    serial: z.string(),
    endDate: z.string(),
    /** Extension offers; null when the ERP could not give them (see offersError). */
    offers: z.array(OfferSchema).nullable().default(null),
    offersError: z.string().nullable().default(null),
  }),
  z.object({ outcome: z.literal("not_found"), serial: z.string() }),
]);

export type WarrantyOutcome = z.infer<typeof WarrantyOutcomeSchema>;
export type ExtensionOfferView = z.infer<typeof OfferSchema>;

/** The subject a warranty lookup is filed under, to find the latest one for a product. */
export function warrantySubject(productId: string): string {
  return `warranty:${productId}`;
}

/** What every `warrantySerialSubject` starts with. */
export const SERIAL_SUBJECT_PREFIX = "warranty-serial:";

/** The subject a warranty lookup by serial number is filed under (the serial as the desk writes it). */
export function warrantySerialSubject(serial: string): string {
  return `${SERIAL_SUBJECT_PREFIX}${serial}`;
}

/** The serial of a `warrantySerialSubject`, or null for any other subject. */
export function serialOfSubject(subject: string): string | null {
  return subject.startsWith(SERIAL_SUBJECT_PREFIX) ? subject.slice(SERIAL_SUBJECT_PREFIX.length) : null;
}
