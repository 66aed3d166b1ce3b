import { HttpError } from "./errors";
import { faultInputSchema } from "./faults";
import { orderStatusAt } from "./orders";
import type { RouteContext, RouteDefinition } from "./router";

function parseFaultInput(ctx: RouteContext) {
  if (ctx.body.kind !== "json") {
    throw new HttpError(400, "INVALID_FAULT", "Send the fault as a JSON object with route and mode.");
  }
  const result = faultInputSchema(ctx.state.faultableRoutes).safeParse(ctx.body.value);
  if (!result.success) {
    // Every custom message names its field, so the messages read well joined as they are.
    const message = result.error.issues.map((issue) => issue.message).join(" ");
    throw new HttpError(400, "INVALID_FAULT", message);
  }
  return result.data;
}

/** Admin API used by tests and demos to steer the mock. Never delayed, faulted or counted. */
export const adminRoutes: readonly RouteDefinition[] = [
  {
    kind: "control",
    method: "POST",
    path: "/__admin/faults",
    handle: (ctx) => ({ status: 201, body: { id: ctx.state.faults.add(parseFaultInput(ctx)).id } }),
  },
  {
    kind: "control",
    method: "GET",
    path: "/__admin/faults",
    handle: ({ state }) => ({ status: 200, body: { faults: state.faults.list() } }),
  },
  {
    kind: "control",
    method: "DELETE",
    path: "/__admin/faults",
    handle: ({ state }) => ({ status: 200, body: { cleared: state.faults.clear() } }),
  },
  {
    kind: "control",
    method: "DELETE",
    path: "/__admin/faults/:id",
    handle: ({ state, params }) => {
      if (!state.faults.remove(params.id ?? "")) {
        throw new HttpError(404, "FAULT_NOT_FOUND", `No fault with id ${params.id}.`);
      }
      return { status: 200, body: { removed: params.id } };
    },
  },
  {
    kind: "control",
    method: "GET",
    path: "/__admin/stats",
    handle: ({ state }) => ({ status: 200, body: state.stats.snapshot() }),
  },
  {
    kind: "control",
    method: "GET",
    path: "/__admin/orders",
    handle: ({ state }) => ({
      status: 200,
      body: {
        orders: state.orders.list().map((order) => {
          const { status, updatedAt } = orderStatusAt(order, state.now(), state.config.orderProgressMs);
          return {
            orderNumber: order.orderNumber,
            status,
            sku: order.sku,
            quantity: order.quantity,
            customerReference: order.customerReference,
            idempotencyKey: order.idempotencyKey,
            createdAt: order.createdAt.toISOString(),
            updatedAt: updatedAt.toISOString(),
          };
        }),
      },
    }),
  },
  {
    kind: "control",
    method: "POST",
    path: "/__admin/reset",
    handle: ({ state }) => {
      state.reset();
      return { status: 200, body: { ok: true } };
    },
  },
];
