import type { BreakerTransition, Logger } from "@/lib/continuation";
import type { Db } from "@/lib/db";

/**
 * A listener for `runtime.onBreakerTransition` that writes each transition as a `BreakerTransition`
 * row. Fire and forget: the runtime never waits for the write, and a failed write is logged.
 */
export function breakerTransitionRecorder(db: Db, logger: Logger): (transition: BreakerTransition) => void {
  return (t) => {
    db.breakerTransition
      .create({
        data: { credential: t.credential, state: t.state, reason: t.reason, instance: t.instance, at: t.at },
      })
      .catch((error: unknown) =>
        logger.error("ops.breaker_transition_not_recorded", {
          credential: t.credential,
          state: t.state,
          error: error instanceof Error ? error.message : String(error),
        }),
      );
  };
}
