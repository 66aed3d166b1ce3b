import "server-only";
import { z } from "zod";
import { lineOfText, strictInput } from "@/lib/input";
import { continuation, ContinuationFailure, defineCallback, type ActionContext } from "@/lib/continuation";
import { orderStatusRequest, readOrderStatus } from "@/lib/erp/orders";
import type { OrderResult } from "./order-views";

export const RefreshOrderStatusInputSchema = strictInput({
  orderNumber: lineOfText().regex(/^SO-\d{6}$/, "must look like SO-123456"),
});
export type RefreshOrderStatusInput = z.infer<typeof RefreshOrderStatusInputSchema>;

/** The ERP's current status of an order is in: update the row found by its ERP number. */
export const orderStatusRefreshed = defineCallback({
  name: "order.status-refreshed",
  labels: ["status"],
  state: z.object({ orderNumber: z.string() }),
  async run({ state, responses, tx, ownerId }): Promise<OrderResult> {
    const { status, updatedAt } = readOrderStatus(responses.status);
    const order = await tx.order.findUnique({ where: { erpNumber: state.orderNumber } });
    if (!order || order.agentId !== ownerId) {
      throw new ContinuationFailure("ORDER_NOT_FOUND", `No order ${state.orderNumber} of yours.`);
    }
    await tx.order.update({
      where: { erpNumber: state.orderNumber },
      data: { status, statusUpdatedAt: new Date(updatedAt) },
    });
    return {
      orderNumber: order.erpNumber,
      status,
      quantity: order.quantity,
      customerReference: order.customerReference,
    };
  },
});

/** Refresh status: one callout for an order the agent placed. */
export async function refreshOrderStatus(input: RefreshOrderStatusInput, { db, ownerId }: ActionContext) {
  const order = await db.order.findUnique({ where: { erpNumber: input.orderNumber } });
  if (!order || order.agentId !== ownerId) {
    throw new ContinuationFailure("ORDER_NOT_FOUND", `No order ${input.orderNumber} of yours.`);
  }
  return continuation({
    callback: orderStatusRefreshed,
    state: { orderNumber: order.erpNumber },
    requests: { status: orderStatusRequest(order.erpNumber) },
  });
}
