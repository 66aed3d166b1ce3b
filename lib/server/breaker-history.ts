import "server-only";
import type { Logger, Runtime } from "@/lib/continuation";
import { breakerTransitionRecorder } from "@/lib/ops/record-breaker-transition";
import { getDb } from "./db";

/**
 * Persists every breaker transition of this instance (`BreakerTransition` rows) for the operators'
 * console: fire and forget, so the runtime never waits on the database; a failed write is logged.
 */
export function recordBreakerHistory(runtime: Runtime, logger: Logger): void {
  runtime.onBreakerTransition(breakerTransitionRecorder(getDb(), logger));
}
