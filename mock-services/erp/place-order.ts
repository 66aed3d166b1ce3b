import { z } from "zod";
import { findBySku } from "./catalogue";
import { HttpError } from "./errors";
import type { ParsedBody } from "./http-io";
import { sameOrderRequest } from "./orders";
import type { OrderRequest } from "./orders";
import type { RouteContext, RouteResult } from "./router";

/** Idempotency-Key: 1 to 200 printable ASCII characters. */
const IDEMPOTENCY_KEY_PATTERN = /^[\x20-\x7e]{1,200}$/;

function readIdempotencyKey(ctx: RouteContext): string {
  const key = ctx.headers["idempotency-key"];
  if (typeof key !== "string" || !IDEMPOTENCY_KEY_PATTERN.test(key)) {
    throw new HttpError(
      400,
      "IDEMPOTENCY_KEY_REQUIRED",
      "Send an Idempotency-Key header of 1 to 200 printable ASCII characters.",
    );
  }
  return key;
}

const quantityError = "quantity must be an integer from 1 to 999.";
const referenceError = "customerReference must be a string of 1 to 64 characters (after trimming).";
const orderBodySchema = z.object(
  {
    sku: z.string({ error: "sku must be a string." }),
    quantity: z
      .number({ error: quantityError })
      .int({ error: quantityError })
      .min(1, { error: quantityError })
      .max(999, { error: quantityError }),
    customerReference: z
      .string({ error: referenceError })
      .trim()
      .min(1, { error: referenceError })
      .max(64, { error: referenceError }),
  },
  { error: "Send the order as a JSON object with sku, quantity and customerReference." },
);

/** Validates a `POST /orders` body: 400 INVALID_ORDER naming the field, 422 UNKNOWN_SKU. */
function parseOrderRequest(body: ParsedBody): OrderRequest {
  const result = orderBodySchema.safeParse(body.kind === "json" ? body.value : undefined);
  if (!result.success) {
    // One message per field even when several checks of that field fail.
    const messages = new Set(result.error.issues.map((issue) => issue.message));
    throw new HttpError(400, "INVALID_ORDER", [...messages].join(" "));
  }
  const { sku, quantity, customerReference } = result.data;
  if (!findBySku(sku)) throw new HttpError(422, "UNKNOWN_SKU", `No product is registered for SKU "${sku}".`);
  return { sku, quantity, customerReference };
}

/**
 * `POST /orders`. Only requests that passed auth and validation reach the idempotency store, so a
 * rejected attempt can be retried with the same key. The handler is synchronous from lookup to
 * store, so concurrent requests with one key cannot both create an order.
 */
export function placeOrder(ctx: RouteContext): RouteResult {
  const idempotencyKey = readIdempotencyKey(ctx);
  const request = parseOrderRequest(ctx.body);
  const { orders, stats } = ctx.state;
  const stored = orders.findAnswer(idempotencyKey);
  if (stored) {
    if (!sameOrderRequest(stored.request, request)) {
      throw new HttpError(
        422,
        "IDEMPOTENCY_KEY_REUSED",
        "This Idempotency-Key was already used for a different order (sku, quantity or customerReference differ).",
      );
    }
    stats.countIdempotentReplay();
    return { ...stored.answer, headers: { "idempotent-replayed": "true" } };
  }
  const order = orders.create(request, idempotencyKey, ctx.state.now());
  const answer = {
    status: 201,
    body: {
      orderNumber: order.orderNumber,
      status: "received",
      sku: order.sku,
      quantity: order.quantity,
      customerReference: order.customerReference,
      createdAt: order.createdAt.toISOString(),
    },
  };
  orders.rememberAnswer(idempotencyKey, { request, answer });
  stats.countOrderCreated();
  return answer;
}
