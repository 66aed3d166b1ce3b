import "server-only";
import type { Db } from "@/lib/db";
import { SERIAL_NUMBER_PATTERN } from "./serial-number";
import { SERIAL_SUBJECT_PREFIX, serialOfSubject } from "./warranty-outcome";

/**
 * The serial numbers an agent looked up most recently (by serial, not from the product list),
 * newest first, each once. Read from the runtime's continuations by their subject rather than from
 * `WarrantyCheck`, which has a row only once a lookup has completed: a pending or failed lookup
 * must come back after a reload too.
 */
export async function listRecentSerialLookups(db: Db, agentId: string, limit = 5): Promise<string[]> {
  const groups = await db.continuation.groupBy({
    by: ["subject"],
    where: { ownerId: agentId, subject: { startsWith: SERIAL_SUBJECT_PREFIX } },
    _max: { createdAt: true },
    orderBy: { _max: { createdAt: "desc" } },
    take: limit,
  });
  // Read back from storage: keep only what is still a serial in the desk's format.
  return groups.flatMap(({ subject }) => {
    const serial = subject === null ? null : serialOfSubject(subject);
    return serial !== null && SERIAL_NUMBER_PATTERN.test(serial) ? [serial] : [];
  });
}
