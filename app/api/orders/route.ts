import { apiError, json, readJsonBody, refuseCrossOrigin, statusOf } from "@/lib/http/api";
import { createOrder, CreateOrderInputSchema } from "@/lib/orders/create-order";
import { orderSubject } from "@/lib/orders/order-views";
import { continuationAction } from "@/lib/server/runtime";

export const dynamic = "force-dynamic";

const startOrder = continuationAction(CreateOrderInputSchema, createOrder, {
  subject: (input) => orderSubject(input.productId),
});

/**
 * Places an order for the signed-in agent (the three-step chain: token, order, status):
 * `{ productId, quantity, customerReference }` in, `202 { id }` out at once; follow it at
 * `GET /api/continuations/:id`. The programmatic twin of the Create order button (benchmark, tools).
 */
export async function POST(request: Request) {
  const refused = refuseCrossOrigin(request);
  if (refused) return refused;
  const read = await readJsonBody(request, '{ "productId": "…", "quantity": 1, "customerReference": "…" }');
  if (!read.ok) return read.response;
  const result = await startOrder(
    read.body as { productId: string; quantity: number; customerReference: string },
  );
  return result.ok ? json(result.data, 202) : apiError(result.error, statusOf(result.error.code));
}
