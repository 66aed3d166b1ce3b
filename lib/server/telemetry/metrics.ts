import "server-only";
import type { Runtime } from "@/lib/continuation";

/**
 * The process's Prometheus metrics (prom-client), fed by the runtime's committed events.
 * STUB (issue 14): owned by the telemetry work; `observeRuntime` is called once where the runtime is built.
 */
export function observeRuntime(_runtime: Runtime): void {}
