"use server";

import { redirect } from "next/navigation";
import { GetProductDashboardInputSchema, getProductDashboard } from "@/lib/dashboard/get-product-dashboard";
import { dashboardSubject } from "@/lib/dashboard/dashboard-views";
import { createOrder, CreateOrderInputSchema } from "@/lib/orders/create-order";
import { orderRefreshSubject, orderSubject } from "@/lib/orders/order-views";
import { refreshOrderStatus, RefreshOrderStatusInputSchema } from "@/lib/orders/refresh-order-status";
import { cancelContinuation, continuationAction, retryContinuation } from "@/lib/server/runtime";
import { endSession } from "@/lib/server/session";
import { getWarranty, GetWarrantyInputSchema } from "@/lib/warranty/get-warranty";
import { warrantySubject } from "@/lib/warranty/warranty-outcome";

// Every ERP-bound action returns a ticket at once; the ERP is asked off the request path.

/** Get warranty (chains to the extension offers when it has expired). */
export const getWarrantyAction = continuationAction(GetWarrantyInputSchema, getWarranty, {
  subject: (input) => warrantySubject(input.productId),
  reusePending: true,
});

/**
 * Create order: token, then the order, then its status. While one of the agent's orders for the
 * product is under way, another Create order (a second tab, a double click) joins it instead of
 * ordering again.
 */
export const createOrderAction = continuationAction(CreateOrderInputSchema, createOrder, {
  subject: (input) => orderSubject(input.productId),
  reusePending: true,
});

/** Refresh status of an order the agent placed. */
export const refreshOrderStatusAction = continuationAction(
  RefreshOrderStatusInputSchema,
  refreshOrderStatus,
  {
    subject: (input) => orderRefreshSubject(input.orderNumber),
    reusePending: true,
  },
);

/** Product dashboard: inventory, pricing and tracking in parallel. */
export const getDashboardAction = continuationAction(GetProductDashboardInputSchema, getProductDashboard, {
  subject: (input) => dashboardSubject(input.productId),
  reusePending: true,
});

/** Retry: the same intent again, with the same idempotency keys (the ERP does nothing twice). */
export async function retryAction(id: string) {
  return retryContinuation(id);
}

/** Cancel: stops a pending request of the signed-in agent's (its callback never runs). */
export async function cancelAction(id: string) {
  return cancelContinuation(id);
}

export async function signOut(): Promise<void> {
  await endSession();
  redirect("/sign-in");
}
