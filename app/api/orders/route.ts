import { apiError, json, statusOf } from "@/lib/http/api";
import { createOrder, CreateOrderInputSchema } from "@/lib/orders/create-order";
import { orderSubject } from "@/lib/orders/order-views";
import { apiRoute } from "@/lib/server/api";
import { continuationAction } from "@/lib/server/runtime";

export const dynamic = "force-dynamic";

const startOrder = continuationAction(CreateOrderInputSchema, createOrder, {
  subject: (input) => orderSubject(input.productId),
});

/**
 * Places an order for the signed-in agent (the three-step chain: token, order, status):
 * `{ productId, quantity, customerReference }` in, `202 { id }` out at once; follow it at
 * `GET /api/continuations/:id`. The programmatic twin of the Create order button (benchmark, tools).
 * `400` names every field that is wrong or unknown (`quantity` is a JSON number, never a string).
 */
export const POST = apiRoute(
  { access: "agent", body: { example: '{ "productId": "…", "quantity": 1, "customerReference": "…" }' } },
  async ({ body }) => {
    const result = await startOrder(body as never);
    return result.ok ? json(result.data, 202) : apiError(result.error, statusOf(result.error.code));
  },
);
