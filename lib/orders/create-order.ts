import "server-only";
import { z } from "zod";
import { lineOfText, strictInput, wholeNumber } from "@/lib/input";
import {
  continuation,
  ContinuationFailure,
  defineCallback,
  type ActionContext,
  type CalloutResponse,
} from "@/lib/continuation";
import {
  createOrderRequest,
  orderStatusRequest,
  readCreatedOrder,
  readOrderStatus,
  readToken,
  tokenRequest,
} from "@/lib/erp/orders";
import type { OrderResult } from "./order-views";

export const CreateOrderInputSchema = strictInput({
  productId: lineOfText().min(1, "is required").max(64, "is too long"),
  quantity: wholeNumber({ min: 1, max: 999 }),
  customerReference: lineOfText().min(1, "is required").max(64, "must be at most 64 characters"),
});
export type CreateOrderInput = z.infer<typeof CreateOrderInputSchema>;

const OrderLineStateSchema = z.object({
  productId: z.string(),
  sku: z.string(),
  quantity: z.number().int(),
  customerReference: z.string(),
});

/**
 * Step 3 of 3: the ERP's status of the new order is in. Only here, in the transaction that
 * completes the chain, is the Order row written.
 */
export const orderStatusRead = defineCallback({
  name: "order.status-read",
  labels: ["status"],
  state: OrderLineStateSchema.extend({ orderNumber: z.string(), erpCreatedAt: z.string() }),
  async run({ state, responses, tx, ownerId, continuationId }): Promise<OrderResult> {
    const { status, updatedAt } = readCreatedOrderStatus(state.orderNumber, responses.status);
    const data = {
      status,
      productId: state.productId,
      agentId: ownerId,
      quantity: state.quantity,
      customerReference: state.customerReference,
      continuationId,
      erpCreatedAt: new Date(state.erpCreatedAt),
      statusUpdatedAt: new Date(updatedAt),
    };
    // A retry the ERP answered from its idempotency store names the same order: one row, updated.
    // One statement (INSERT … ON CONFLICT), so two retries finishing at once cannot both insert.
    // The same number for a different order means the ERP broke its own contract: refuse loudly
    // (the thrown failure rolls the update back).
    const row = await tx.order.upsert({
      where: { erpNumber: state.orderNumber },
      create: { erpNumber: state.orderNumber, ...data },
      update: { status, statusUpdatedAt: data.statusUpdatedAt },
    });
    const same =
      row.agentId === ownerId &&
      row.productId === state.productId &&
      row.quantity === state.quantity &&
      row.customerReference === state.customerReference;
    if (!same) {
      throw new ContinuationFailure(
        "ERP_ORDER_CONFLICT",
        `The ERP reported order ${state.orderNumber}, which the desk already holds for a different order.`,
      );
    }
    return {
      orderNumber: state.orderNumber,
      status,
      quantity: state.quantity,
      customerReference: state.customerReference,
    };
  },
});

/**
 * The status of an order the ERP has created. When it cannot be read, the failure names the order
 * (the agent must know it exists in the ERP though the desk has not recorded it yet), keeping the
 * ERP failure's code.
 */
function readCreatedOrderStatus(orderNumber: string, response: CalloutResponse) {
  try {
    return readOrderStatus(response);
  } catch (error) {
    if (!(error instanceof ContinuationFailure)) throw error;
    throw new ContinuationFailure(
      error.code,
      `Order ${orderNumber} was created in the ERP; reading its status failed: ${error.message}`,
    );
  }
}

/** Step 2 of 3: the ERP has created (or replayed) the order; read its status. */
export const orderCreated = defineCallback({
  name: "order.created",
  labels: ["order"],
  state: OrderLineStateSchema,
  async run({ state, responses }) {
    const order = readCreatedOrder(responses.order);
    return continuation({
      callback: orderStatusRead,
      state: { ...state, orderNumber: order.orderNumber, erpCreatedAt: order.createdAt },
      requests: { status: orderStatusRequest(order.orderNumber) },
    });
  },
});

/**
 * Step 1 of 3: the ERP has issued an access token; create the order with it. The token response
 * is sensitive: the runtime deletes it once this callback has committed, and redacts the bearer
 * header of the order request once that request is done.
 */
export const orderAuthenticated = defineCallback({
  name: "order.authenticated",
  labels: ["token"],
  state: OrderLineStateSchema,
  sensitive: true,
  async run({ state, responses }) {
    const accessToken = readToken(responses.token);
    const { sku, quantity, customerReference } = state;
    return continuation({
      callback: orderCreated,
      state,
      requests: { order: createOrderRequest({ sku, quantity, customerReference }, accessToken) },
    });
  },
});

/** Create order: a chain of three continuations (token, order, status). Writes nothing yet. */
export async function createOrder(input: CreateOrderInput, { db }: ActionContext) {
  const product = await db.product.findUnique({ where: { id: input.productId } });
  if (!product) throw new ContinuationFailure("PRODUCT_NOT_FOUND", `No product with id ${input.productId}.`);
  return continuation({
    callback: orderAuthenticated,
    state: {
      productId: product.id,
      sku: product.sku,
      quantity: input.quantity,
      customerReference: input.customerReference,
    },
    requests: { token: tokenRequest() },
  });
}
