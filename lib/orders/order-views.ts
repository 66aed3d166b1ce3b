import { z } from "zod";

/** The order chain's steps, in order, as the desk names them (safe to import in the browser). */
export const ORDER_STEPS = ["Authenticating", "Creating order", "Reading status"] as const;

/** The result of a completed order chain (or status refresh), as the desk shows it. */
export const OrderResultSchema = z.object({
  orderNumber: z.string(),
  status: z.string(),
  quantity: z.number(),
  customerReference: z.string(),
});
export type OrderResult = z.infer<typeof OrderResultSchema>;

/** Subjects that file order continuations, to find them again after a reload. */
export const orderSubject = (productId: string) => `order:${productId}`;
export const orderRefreshSubject = (orderNumber: string) => `order-status:${orderNumber}`;
