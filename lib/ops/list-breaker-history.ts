import type { Db } from "@/lib/db";
/** The most transitions the console shows per credential (the newest). */
export const HISTORY_PER_CREDENTIAL = 50;

/** One recorded transition of a breaker, as the console shows it. */
export interface BreakerHistoryEntry {
  at: string;
  state: string;
  reason: string;
  instance: string;
}

/** Each credential's recorded transitions (every instance's), newest first, at most `limit` each. */
export async function listBreakerHistory(
  db: Db,
  credentials: readonly string[],
  limit = HISTORY_PER_CREDENTIAL,
): Promise<Map<string, BreakerHistoryEntry[]>> {
  const rows = await Promise.all(
    credentials.map((credential) =>
      db.breakerTransition.findMany({
        where: { credential },
        orderBy: [{ at: "desc" }, { id: "desc" }],
        take: limit,
      }),
    ),
  );
  return new Map(
    credentials.map((credential, i) => [
      credential,
      rows[i]!.map((r) => ({
        at: r.at.toISOString(),
        state: r.state,
        reason: r.reason,
        instance: r.instance,
      })),
    ]),
  );
}
