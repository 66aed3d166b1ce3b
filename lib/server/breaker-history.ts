import "server-only";
import type { Runtime } from "@/lib/continuation";

/**
 * Persists every breaker transition of this instance (`BreakerTransition` rows) for the operators' console.
 * STUB (issue 14): owned by the ops console work; called once where the runtime is built.
 */
export function recordBreakerHistory(_runtime: Runtime): void {}
