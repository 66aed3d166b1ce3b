import { describe, expect, it } from "vitest";
import { createMetrics, type Metrics, type RuntimeEvent } from "./metrics";

/** The value of one series (0 when it does not exist), read from the registry's JSON. */
async function value(metrics: Metrics, name: string, labels: Record<string, string> = {}): Promise<number> {
  const all = await metrics.registry.getMetricsAsJSON();
  for (const metric of all) {
    for (const v of metric.values) {
      const series = "metricName" in v && v.metricName ? v.metricName : metric.name;
      if (series !== name) continue;
      const own = Object.fromEntries(Object.entries(v.labels).filter(([k]) => k !== "le"));
      if (JSON.stringify(own) === JSON.stringify(labels) && !("le" in v.labels)) return v.value;
    }
  }
  return 0;
}

let seq = 0;
const event = (
  kind: RuntimeEvent["kind"],
  detail: RuntimeEvent["detail"] = null,
  label: string | null = null,
): RuntimeEvent => ({
  continuationId: `c-${++seq}`,
  at: new Date(0),
  kind,
  step: 0,
  label,
  instance: "i-1",
  detail,
});

describe("the desk's metrics, fed a known sequence of committed events", () => {
  it("count starts, completions, failures by code, cancellations, takeovers and retries exactly", async () => {
    const metrics = createMetrics({ defaultMetrics: false });
    metrics.count([
      event("started", { callback: "warranty.lookup", requests: 1 }),
      event("sent", { method: "GET", url: "callout:ERP/w", idempotencyKey: "k", requestBytes: 0 }, "w"),
      event("started", { callback: "warranty.lookup", requests: 1 }),
      event("started", { callback: "order.create", requests: 2 }),
    ]);
    metrics.count([event("completed"), event("completed")]);
    metrics.count([event("failed", { code: "ERP_TIMEOUT", message: "m" })]);
    metrics.count([
      event("failed", { code: "ERP_TIMEOUT", message: "m" }),
      event("failed", { code: "CALLBACK_TIMEOUT" }),
    ]);
    metrics.count([event("cancelled", { by: "owner" }), event("taken_over", { from: "i-0" })]);
    metrics.count([
      event("retried", { attempt: 1, statusCode: 503 }, "w"),
      event("advanced", { callback: "x", requests: 1 }),
    ]);

    const name = (n: string) => `warranty_desk_${n}`;
    expect(await value(metrics, name("continuations_started_total"), { callback: "warranty.lookup" })).toBe(
      2,
    );
    expect(await value(metrics, name("continuations_started_total"), { callback: "order.create" })).toBe(1);
    expect(await value(metrics, name("continuations_completed_total"))).toBe(2);
    expect(await value(metrics, name("continuations_failed_total"), { code: "ERP_TIMEOUT" })).toBe(2);
    expect(await value(metrics, name("continuations_failed_total"), { code: "CALLBACK_TIMEOUT" })).toBe(1);
    expect(await value(metrics, name("continuations_cancelled_total"))).toBe(1);
    expect(await value(metrics, name("recovery_takeovers_total"))).toBe(1);
    expect(await value(metrics, name("callout_retries_total"))).toBe(1);
  });

  it("observe each answered callout's latency per credential, and count it by status class", async () => {
    const metrics = createMetrics({ defaultMetrics: false });
    const answered = (credential: string | null, statusCode: number, ms: number) =>
      event("answered", { statusCode, responseBytes: 10, ms, attempts: 1, credential }, "w");
    metrics.count([
      answered("ERP", 200, 1200),
      answered("ERP", 200, 40),
      answered("ERP", 503, 3000),
      answered("ERP", 2000, 120_000),
      answered("ERP", 2005, 0), // refused by the open breaker: never sent, no latency
      answered("ERP_LAB", 404, 80),
      answered(null, 200, 10),
    ]);
    const h = "warranty_desk_callout_duration_seconds";
    expect(await value(metrics, `${h}_count`, { credential: "ERP" })).toBe(4);
    expect(await value(metrics, `${h}_sum`, { credential: "ERP" })).toBeCloseTo(1.2 + 0.04 + 3 + 120);
    expect(await value(metrics, `${h}_count`, { credential: "ERP_LAB" })).toBe(1);
    expect(await value(metrics, `${h}_count`, { credential: "none" })).toBe(1);
    const text = await metrics.registry.metrics();
    expect(text).toContain(`${h}_bucket{le="0.05",credential="ERP"} 1`);
    expect(text).toContain(`${h}_bucket{le="2",credential="ERP"} 2`);
    expect(text).toContain(`${h}_bucket{le="120",credential="ERP"} 4`);

    const c = "warranty_desk_callouts_answered_total";
    expect(await value(metrics, c, { credential: "ERP", status: "2xx" })).toBe(2);
    expect(await value(metrics, c, { credential: "ERP", status: "5xx" })).toBe(1);
    expect(await value(metrics, c, { credential: "ERP", status: "2000" })).toBe(1);
    expect(await value(metrics, c, { credential: "ERP", status: "2005" })).toBe(1);
    expect(await value(metrics, c, { credential: "ERP_LAB", status: "4xx" })).toBe(1);
  });

  it("count breaker transitions by credential and state entered, and open event streams", async () => {
    const metrics = createMetrics({ defaultMetrics: false });
    const at = new Date(0);
    metrics.countBreakerTransition({
      credential: "ERP",
      state: "open",
      reason: "failures",
      instance: "i",
      at,
    });
    metrics.countBreakerTransition({
      credential: "ERP",
      state: "half-open",
      reason: "probe",
      instance: "i",
      at,
    });
    metrics.countBreakerTransition({ credential: "ERP", state: "open", reason: "probe", instance: "i", at });
    const t = "warranty_desk_breaker_transitions_total";
    expect(await value(metrics, t, { credential: "ERP", state: "open" })).toBe(2);
    expect(await value(metrics, t, { credential: "ERP", state: "half-open" })).toBe(1);

    const g = "warranty_desk_event_stream_connections";
    const first = metrics.openEventStream();
    const second = metrics.openEventStream();
    expect(await value(metrics, g)).toBe(2);
    first();
    first(); // ending a stream twice (abort, then cancel) counts once
    expect(await value(metrics, g)).toBe(1);
    second();
    expect(await value(metrics, g)).toBe(0);
  });

  it("serve prom-client's process metrics under the same prefix unless told not to", async () => {
    expect(await createMetrics().registry.metrics()).toContain("warranty_desk_process_cpu_seconds_total");
    expect(await createMetrics({ defaultMetrics: false }).registry.metrics()).not.toContain("process_cpu");
  });
});
