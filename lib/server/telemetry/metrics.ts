import "server-only";
import { collectDefaultMetrics, Counter, Gauge, Histogram, Registry } from "prom-client";
import type { Runtime } from "@/lib/continuation";
import { singleton } from "../singleton";

/**
 * The process's Prometheus metrics (prom-client), served by GET /api/metrics. Counters count the
 * events this instance's runtime committed (`Runtime.onEvents`), so summing over instances counts
 * every continuation once; gauges are read from the runtime at scrape time. Names and labels are
 * listed in docs/operations.md ("Metrics").
 */

/** One committed timeline event, as `Runtime.onEvents` hands it over. */
export type RuntimeEvent = Parameters<Parameters<Runtime["onEvents"]>[0]>[0][number];
/** One breaker state change, as `Runtime.onBreakerTransition` hands it over. */
export type BreakerChange = Parameters<Parameters<Runtime["onBreakerTransition"]>[0]>[0];

const PREFIX = "warranty_desk_";
/** Seconds: the ERP answers in 1-2 s when well, a callout's deadline is up to 120 s. */
const LATENCY_BUCKETS = [0.05, 0.1, 0.25, 0.5, 1, 2, 3, 5, 10, 20, 30, 60, 120];
const BREAKER_STATE = { closed: 0, "half-open": 1, open: 2 } as const;
/** What a callout without a named credential (an allowed absolute URL) is counted under. */
const NO_CREDENTIAL = "none";
/** 2005: refused by an open breaker, so never sent: no latency to speak of. */
const CIRCUIT_OPEN = 2005;

export interface Metrics {
  readonly registry: Registry;
  /** Counts a batch of committed events (what `observe` subscribes to `onEvents`). */
  count(events: readonly RuntimeEvent[]): void;
  /** Counts a breaker transition (what `observe` subscribes to `onBreakerTransition`). */
  countBreakerTransition(change: BreakerChange): void;
  /** Feeds the metrics from `runtime` from now on; observing one runtime twice counts it once. */
  observe(runtime: Runtime): void;
  /** One more open event stream; call the returned function (once or more) when it ends. */
  openEventStream(): () => void;
}

/**
 * Creates a registry with every metric of the desk (and, unless `defaultMetrics` is false,
 * prom-client's process metrics under the same prefix).
 */
export function createMetrics(options: { defaultMetrics?: boolean } = {}): Metrics {
  const registry = new Registry();
  if (options.defaultMetrics !== false) collectDefaultMetrics({ register: registry, prefix: PREFIX });
  const runtimes = new Set<Runtime>();
  const sumOver = (read: (r: Runtime) => number) => [...runtimes].reduce((sum, r) => sum + read(r), 0);
  const registers = [registry];

  const started = new Counter({
    name: `${PREFIX}continuations_started_total`,
    help: "Continuations started on this instance (retries included), by their first callback.",
    labelNames: ["callback"],
    registers,
  });
  const completed = new Counter({
    name: `${PREFIX}continuations_completed_total`,
    help: "Continuations that completed on this instance.",
    registers,
  });
  const failed = new Counter({
    name: `${PREFIX}continuations_failed_total`,
    help: "Continuations that failed on this instance, by error code (cancellations are counted apart).",
    labelNames: ["code"],
    registers,
  });
  const cancelled = new Counter({
    name: `${PREFIX}continuations_cancelled_total`,
    help: "Continuations cancelled by their owner on this instance.",
    registers,
  });
  const takeovers = new Counter({
    name: `${PREFIX}recovery_takeovers_total`,
    help: "Continuations this instance took over after their holder's lease ended (a crash or a restart).",
    registers,
  });
  const retries = new Counter({
    name: `${PREFIX}callout_retries_total`,
    help: "Callout attempts that were retried (a connection failure or a declared retryable status).",
    registers,
  });
  const answered = new Counter({
    name: `${PREFIX}callouts_answered_total`,
    help: "Callouts whose outcome was recorded, by named credential and status (2xx..5xx, or the runtime code 2000-2005).",
    labelNames: ["credential", "status"],
    registers,
  });
  const latency = new Histogram({
    name: `${PREFIX}callout_duration_seconds`,
    help: "How long a callout took, retries included, by named credential (callouts refused by an open breaker are left out).",
    labelNames: ["credential"],
    buckets: LATENCY_BUCKETS,
    registers,
  });
  const breakerTransitions = new Counter({
    name: `${PREFIX}breaker_transitions_total`,
    help: "Circuit breaker state changes on this instance, by named credential and the state entered.",
    labelNames: ["credential", "state"],
    registers,
  });
  const streams = new Gauge({
    name: `${PREFIX}event_stream_connections`,
    help: "Open server-sent event streams (desk pages following their continuations) on this instance.",
    registers,
  });
  new Gauge({
    name: `${PREFIX}callouts_in_flight`,
    help: "Callouts this instance is waiting on right now.",
    registers,
    collect() {
      this.set(sumOver((r) => r.stats().calloutsInFlight));
    },
  });
  new Gauge({
    name: `${PREFIX}continuations_suspended`,
    help: "Continuations this instance holds, waiting on their callouts or callback.",
    registers,
    collect() {
      this.set(sumOver((r) => r.stats().suspended));
    },
  });
  new Gauge({
    name: `${PREFIX}breaker_state`,
    help: "Each named credential's circuit breaker on this instance: 0 closed, 1 half-open, 2 open.",
    labelNames: ["credential"],
    registers,
    collect() {
      for (const runtime of runtimes)
        for (const b of runtime.breakers()) this.set({ credential: b.credential }, BREAKER_STATE[b.state]);
    },
  });

  const countOne = (event: RuntimeEvent) => {
    const detail = event.detail ?? {};
    switch (event.kind) {
      case "started":
        return started.inc({ callback: String(detail.callback ?? "unknown") });
      case "completed":
        return completed.inc();
      case "failed":
        return failed.inc({ code: String(detail.code ?? "UNKNOWN") });
      case "cancelled":
        return cancelled.inc();
      case "taken_over":
        return takeovers.inc();
      case "retried":
        return retries.inc();
      case "answered": {
        const credential = typeof detail.credential === "string" ? detail.credential : NO_CREDENTIAL;
        const code = typeof detail.statusCode === "number" ? detail.statusCode : null;
        answered.inc({ credential, status: statusClass(code) });
        if (typeof detail.ms === "number" && code !== CIRCUIT_OPEN)
          latency.observe({ credential }, Math.max(0, detail.ms) / 1000);
        return;
      }
    }
  };

  const metrics: Metrics = {
    registry,
    count(events) {
      for (const event of events) countOne(event);
    },
    countBreakerTransition(change) {
      breakerTransitions.inc({ credential: change.credential, state: change.state });
    },
    observe(runtime) {
      if (runtimes.has(runtime)) return;
      runtimes.add(runtime);
      // Every credential's series exist from the start (a rate over a missing series is no rate).
      for (const { credential } of runtime.breakers()) {
        latency.zero({ credential });
        answered.inc({ credential, status: "2xx" }, 0);
      }
      runtime.onEvents((events) => metrics.count(events));
      runtime.onBreakerTransition((change) => metrics.countBreakerTransition(change));
      runtime.onClose(() => runtimes.delete(runtime));
    },
    openEventStream() {
      streams.inc();
      let open = true;
      return () => {
        if (open) streams.dec();
        open = false;
      };
    },
  };
  return metrics;
}

/** `2xx`..`5xx` for an HTTP status, the code itself for a runtime code (2000-2005). */
function statusClass(code: number | null): string {
  if (code === null) return "unknown";
  if (code >= 100 && code < 600) return `${Math.floor(code / 100)}xx`;
  return String(code);
}

/** The process's one set of metrics (shared by the runtime's observer, the event streams and the route). */
export function getMetrics(): Metrics {
  return singleton("metrics", () => createMetrics());
}

/** Feeds the process's metrics from its runtime (called once, where the runtime is built). */
export function observeRuntime(runtime: Runtime): void {
  getMetrics().observe(runtime);
}
