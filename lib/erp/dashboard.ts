import { z } from "zod";
import type { CalloutResponse, HttpRequest } from "@/lib/continuation";
import { readErpJson } from "./failures";

const Money = z.object({ amount: z.number(), currency: z.string() });

/** The ERP's wire formats of the three dashboard routes. */
const WireSchemas = {
  inventory: z.object({ sku: z.string(), onHand: z.number(), reserved: z.number(), warehouse: z.string() }),
  pricing: z.object({ sku: z.string(), listPrice: Money, discountPercent: z.number(), netPrice: Money }),
  tracking: z.object({
    sku: z.string(),
    openShipments: z.number(),
    lastShipment: z
      .object({ carrier: z.string(), trackingNumber: z.string(), status: z.string(), shippedAt: z.string() })
      .nullable(),
  }),
};

export type DashboardSection = keyof typeof WireSchemas;
export const DASHBOARD_SECTIONS = [
  "inventory",
  "pricing",
  "tracking",
] as const satisfies readonly DashboardSection[];
export type DashboardData = { [K in DashboardSection]: z.infer<(typeof WireSchemas)[K]> };

const OPERATIONS: Record<DashboardSection, string> = {
  inventory: "inventory lookup",
  pricing: "price lookup",
  tracking: "shipment tracking lookup",
};

/** `GET /<section>/:sku` through the ERP credential. */
export function dashboardRequest(section: DashboardSection, sku: string): HttpRequest {
  return {
    method: "GET",
    url: `callout:ERP/${section}/${encodeURIComponent(sku)}`,
    headers: { accept: "application/json" },
  };
}

/** Reads one section's answer; throws a `ContinuationFailure` naming the problem otherwise. */
export function readDashboardSection<K extends DashboardSection>(
  section: K,
  response: CalloutResponse,
): DashboardData[K] {
  const schema: z.ZodType<unknown> = WireSchemas[section];
  return readErpJson(response, schema, OPERATIONS[section]) as DashboardData[K];
}
