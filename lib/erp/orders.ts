import { z } from "zod";
import type { CalloutResponse, HttpRequest } from "@/lib/continuation";
import { readErpJson } from "./failures";

/** What each step of the order chain is called in messages to the agent. */
export const ORDER_OPERATIONS = {
  token: "sign-in",
  order: "order creation",
  status: "order status read",
} as const;

export const OrderStatusSchema = z.enum(["received", "confirmed", "shipped", "delivered"]);
export type OrderStatus = z.infer<typeof OrderStatusSchema>;

const TokenWireSchema = z.object({ access_token: z.string().min(1), token_type: z.string() });
const CreatedOrderWireSchema = z.object({
  orderNumber: z.string().regex(/^SO-\d{6}$/),
  status: OrderStatusSchema,
  createdAt: z.iso.datetime(),
});
const OrderStatusWireSchema = z.object({
  orderNumber: z.string(),
  status: OrderStatusSchema,
  updatedAt: z.iso.datetime(),
});

/** OAuth client credentials: the client id and secret are added by the ERP_OAUTH credential. */
export function tokenRequest(): HttpRequest {
  return {
    method: "POST",
    url: "callout:ERP_OAUTH/oauth/token",
    headers: { "content-type": "application/x-www-form-urlencoded", accept: "application/json" },
    body: "grant_type=client_credentials",
  };
}

export function readToken(response: CalloutResponse): string {
  return readErpJson(response, TokenWireSchema, ORDER_OPERATIONS.token).access_token;
}

export interface OrderLine {
  sku: string;
  quantity: number;
  customerReference: string;
}

/** `POST /orders` with the bearer token; the runtime adds the Idempotency-Key. */
export function createOrderRequest(line: OrderLine, accessToken: string): HttpRequest {
  return {
    method: "POST",
    url: "callout:ERP/orders",
    headers: {
      "content-type": "application/json",
      accept: "application/json",
      authorization: `Bearer ${accessToken}`,
    },
    body: JSON.stringify(line),
  };
}

export function readCreatedOrder(response: CalloutResponse) {
  return readErpJson(response, CreatedOrderWireSchema, ORDER_OPERATIONS.order);
}

/**
 * How patiently the status read is retried: by then the ERP has created the order, so a passing
 * failure (503, a dropped connection) must not end the chain. 5 attempts, backoff ranges 250 ms,
 * 500 ms, 1 s, 2 s (about 2 s in all on average, within the step's deadline).
 */
export const ORDER_STATUS_RETRY = { attempts: 5, baseMs: 250, maxMs: 2_000 } as const;

/**
 * `GET /orders/:number/status`, authorised by the ERP credential's API key. A read: safe to send
 * again on 429, 502, 503 and 504 (`ORDER_STATUS_RETRY`).
 */
export function orderStatusRequest(orderNumber: string): HttpRequest {
  return {
    method: "GET",
    url: `callout:ERP/orders/${encodeURIComponent(orderNumber)}/status`,
    headers: { accept: "application/json" },
    retryOn: [429, 502, 503, 504],
    retry: ORDER_STATUS_RETRY,
  };
}

export function readOrderStatus(response: CalloutResponse) {
  return readErpJson(response, OrderStatusWireSchema, ORDER_OPERATIONS.status);
}
