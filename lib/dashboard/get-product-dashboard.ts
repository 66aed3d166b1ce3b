import "server-only";
import { z } from "zod";
import { lineOfText, strictInput } from "@/lib/input";
import {
  continuation,
  ContinuationFailure,
  defineCallback,
  type ActionContext,
  type CalloutResponse,
} from "@/lib/continuation";
import { dashboardRequest, readDashboardSection, type DashboardSection } from "@/lib/erp/dashboard";
import type { DashboardResult } from "./dashboard-views";

export const GetProductDashboardInputSchema = strictInput({
  productId: lineOfText().min(1, "is required").max(64, "is too long"),
});
export type GetProductDashboardInput = z.infer<typeof GetProductDashboardInputSchema>;

// Each section stands alone: one failing callout shows its own error, the others still show.
function section<K extends DashboardSection, T>(
  name: K,
  response: CalloutResponse,
  pick: (data: ReturnType<typeof readDashboardSection<K>>) => T,
) {
  try {
    return {
      ok: true as const,
      data: pick(readDashboardSection(name, response)),
      durationMs: response.durationMs,
    };
  } catch (error) {
    if (!(error instanceof ContinuationFailure)) throw error;
    return { ok: false as const, message: error.message, durationMs: response.durationMs };
  }
}

/** The three answers are in (they were asked in parallel): shape the panel. Writes nothing. */
export const productDashboardReceived = defineCallback({
  name: "dashboard.received",
  labels: ["inventory", "pricing", "tracking"],
  state: z.object({ sku: z.string() }),
  async run({ state, responses }): Promise<DashboardResult> {
    return {
      sku: state.sku,
      inventory: section("inventory", responses.inventory, ({ onHand, reserved, warehouse }) => ({
        onHand,
        reserved,
        warehouse,
      })),
      pricing: section("pricing", responses.pricing, ({ listPrice, discountPercent, netPrice }) => ({
        listPrice,
        discountPercent,
        netPrice,
      })),
      tracking: section("tracking", responses.tracking, ({ openShipments, lastShipment }) => ({
        openShipments,
        lastShipment: lastShipment && {
          carrier: lastShipment.carrier,
          trackingNumber: lastShipment.trackingNumber,
          status: lastShipment.status,
        },
      })),
    };
  },
});

/** Product dashboard: inventory, pricing and tracking, three callouts in parallel. */
export async function getProductDashboard(input: GetProductDashboardInput, { db }: ActionContext) {
  const product = await db.product.findUnique({ where: { id: input.productId } });
  if (!product) throw new ContinuationFailure("PRODUCT_NOT_FOUND", `No product with id ${input.productId}.`);
  return continuation({
    callback: productDashboardReceived,
    state: { sku: product.sku },
    requests: {
      inventory: dashboardRequest("inventory", product.sku),
      pricing: dashboardRequest("pricing", product.sku),
      tracking: dashboardRequest("tracking", product.sku),
    },
  });
}
