import "server-only";
import type { Runtime } from "@/lib/continuation";
import { breakerTransitionRecorder } from "@/lib/ops/record-breaker-transition";
import { getDb } from "./db";
import { logger } from "./runtime";

/**
 * Persists every breaker transition of this instance (`BreakerTransition` rows) for the operators'
 * console: fire and forget, so the runtime never waits on the database; a failed write is logged.
 */
export function recordBreakerHistory(runtime: Runtime): void {
  runtime.onBreakerTransition(breakerTransitionRecorder(getDb(), logger));
}
