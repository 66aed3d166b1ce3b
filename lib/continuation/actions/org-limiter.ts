import { ContinuationError } from "../errors";

/** The platform's refusal, word for word. */
export class ConcurrentRequestsLimitError extends ContinuationError {
  override name = "ConcurrentRequestsLimitError";
  constructor() {
    super("CONCURRENT_REQUESTS_LIMIT", "Unable to process request. Concurrent requests limit exceeded.");
  }
}

export interface OrgLimiter {
  /**
   * Runs a synchronous request under the limit: refused at once (ConcurrentRequestsLimitError,
   * `run` not called) while `maxLongRunning` requests have been running longer than
   * `longRunningAfterMs`.
   */
  run<T>(request: () => Promise<T>): Promise<T>;
  /** Requests running now, how many of them count as long-running, and refusals so far. */
  stats(): { running: number; longRunning: number; refused: number };
}

/**
 * The Salesforce org limit on long-running synchronous requests, reproduced for the lab: once a
 * synchronous request has run longer than 5 s it counts against the limit; while 10 count, every
 * new synchronous request is refused (both numbers configurable). Requests already running are
 * never stopped. Per process.
 */
export function createOrgLimiter(
  options: { maxLongRunning: number; longRunningAfterMs: number },
  now: () => number = Date.now,
): OrgLimiter {
  /** Start times of the requests running now (insertion order = start order). */
  const running = new Map<symbol, number>();
  let refused = 0;

  const longRunning = () => {
    const since = now() - options.longRunningAfterMs;
    let count = 0;
    for (const startedAt of running.values()) {
      if (startedAt >= since) break; // the rest started later still
      count++;
    }
    return count;
  };

  return {
    async run(request) {
      if (longRunning() >= options.maxLongRunning) {
        refused++;
        throw new ConcurrentRequestsLimitError();
      }
      const id = Symbol("request");
      running.set(id, now());
      try {
        return await request();
      } finally {
        running.delete(id);
      }
    },
    stats: () => ({ running: running.size, longRunning: longRunning(), refused }),
  };
}
