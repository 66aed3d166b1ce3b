import "server-only";
import type { AnyCallback } from "@/lib/continuation";
import { productDashboardReceived } from "@/lib/dashboard/get-product-dashboard";
import { orderAuthenticated, orderCreated, orderStatusRead } from "@/lib/orders/create-order";
import { orderStatusRefreshed } from "@/lib/orders/refresh-order-status";
import { extensionOffersReceived, warrantyReceived } from "@/lib/warranty/get-warranty";

/**
 * Every callback a continuation may name. The runtime loads this list at start-up, so recovery
 * after a restart never meets an unknown name. Add new callbacks here.
 */
export const callbacks: readonly AnyCallback[] = [
  warrantyReceived,
  extensionOffersReceived,
  orderAuthenticated,
  orderCreated,
  orderStatusRead,
  orderStatusRefreshed,
  productDashboardReceived,
];
