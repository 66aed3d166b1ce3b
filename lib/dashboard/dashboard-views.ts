import { z } from "zod";

const Section = <T extends z.ZodType>(data: T) =>
  z.discriminatedUnion("ok", [
    z.object({ ok: z.literal(true), data, durationMs: z.number().nullable() }),
    z.object({ ok: z.literal(false), message: z.string(), durationMs: z.number().nullable() }),
  ]);
const Money = z.object({ amount: z.number(), currency: z.string() });

/** The product dashboard as the desk shows it (safe to import in the browser). */
export const DashboardResultSchema = z.object({
  sku: z.string(),
  inventory: Section(z.object({ onHand: z.number(), reserved: z.number(), warehouse: z.string() })),
  pricing: Section(z.object({ listPrice: Money, discountPercent: z.number(), netPrice: Money })),
  tracking: Section(
    z.object({
      openShipments: z.number(),
      lastShipment: z
        .object({ carrier: z.string(), trackingNumber: z.string(), status: z.string() })
        .nullable(),
    }),
  ),
});
export type DashboardResult = z.infer<typeof DashboardResultSchema>;

export const dashboardSubject = (productId: string) => `dashboard:${productId}`;
