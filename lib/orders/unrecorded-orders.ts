import "server-only";
import type { ContinuationRecord } from "@/lib/continuation";
import type { Db } from "@/lib/db";
import { orderAuthenticated, orderCreated, orderStatusRead } from "./create-order";

/** An order the ERP created: its number and the ERP's creation time (which tell it from any other). */
export interface CreatedOrder {
  erpNumber: string;
  erpCreatedAt: string;
}

/**
 * The order an order chain created, or null before the ERP has answered the create step. It
 * lives in the chain's state from its last step on (the create step's callback put it there), so
 * it is read from the server-side record and re-validated with that callback's own schema; the
 * public view carries no state. This covers every way the last step can end unrecorded (the ERP
 * failing, a deadline, a cancel), not only failures whose message names the number.
 */
export function createdOrder(record: ContinuationRecord): CreatedOrder | null {
  if (record.callbackName !== orderStatusRead.name) return null;
  const state = orderStatusRead.state.safeParse(record.state);
  return state.success ? { erpNumber: state.data.orderNumber, erpCreatedAt: state.data.erpCreatedAt } : null;
}

/**
 * What an order chain orders ("2 × · reference PO-4711"), read from its record's state with the
 * current step's own schema; null for a record that is not an order chain's.
 */
export function orderLineOf(record: ContinuationRecord): string | null {
  const step = [orderAuthenticated, orderCreated, orderStatusRead].find(
    (c) => c.name === record.callbackName,
  );
  const state = step?.state.safeParse(record.state);
  return state?.success ? `${state.data.quantity} × · reference ${state.data.customerReference}` : null;
}

/**
 * Which of these orders the desk has recorded (an Order row, whichever chain wrote it), by ERP
 * number. A row counts only with the same ERP creation time: a number the ERP handed out again
 * (after a reset of a test ERP, say) is another order.
 */
export async function recordedOrderNumbers(db: Db, orders: readonly CreatedOrder[]): Promise<Set<string>> {
  if (orders.length === 0) return new Set();
  const rows = await db.order.findMany({
    where: { erpNumber: { in: orders.map((o) => o.erpNumber) } },
    select: { erpNumber: true, erpCreatedAt: true },
  });
  const createdAt = new Map(orders.map((o) => [o.erpNumber, Date.parse(o.erpCreatedAt)]));
  return new Set(
    rows.filter((r) => r.erpCreatedAt.getTime() === createdAt.get(r.erpNumber)).map((r) => r.erpNumber),
  );
}
