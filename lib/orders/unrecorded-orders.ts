import "server-only";
import type { ContinuationRecord } from "@/lib/continuation";
import type { Db } from "@/lib/db";
import { orderAuthenticated, orderCreated, orderStatusRead } from "./create-order";

/**
 * The ERP's number of the order an order chain created, or null before the ERP has answered the
 * create step. The number lives in the chain's state from its last step on (the create step's
 * callback put it there), so it is read from the server-side record and re-validated with that
 * callback's own schema; the public view carries no state. This covers every way the last step
 * can end unrecorded (the ERP failing, a deadline, a cancel), not only failures whose message
 * names the number.
 */
export function createdOrderNumber(record: ContinuationRecord): string | null {
  if (record.callbackName !== orderStatusRead.name) return null;
  const state = orderStatusRead.state.safeParse(record.state);
  return state.success ? state.data.orderNumber : null;
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

/** Which of these ERP numbers the desk has recorded (an Order row, whichever chain wrote it). */
export async function recordedOrderNumbers(db: Db, erpNumbers: readonly string[]): Promise<Set<string>> {
  if (erpNumbers.length === 0) return new Set();
  const rows = await db.order.findMany({
    where: { erpNumber: { in: [...erpNumbers] } },
    select: { erpNumber: true },
  });
  return new Set(rows.map((r) => r.erpNumber));
}
