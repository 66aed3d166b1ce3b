import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { z } from "zod";
import {
  continuation,
  createRuntime,
  defineCallback,
  type ContinuationStore,
  type Runtime,
} from "@/lib/continuation";
import type { DbTransaction } from "@/lib/db";
import { startTestServer } from "@/lib/testing/http-server";
import { createTestDb } from "@/lib/testing/test-db";
import { createMetrics, type Metrics } from "./metrics";

// The metrics fed by a real runtime (SQLite, a real HTTP server as the ERP): one known run of each
// kind, counted exactly; the gauges read from the runtime at scrape time.

const OWNER = "agent-metrics";

const received = defineCallback({
  name: "metrics.received",
  labels: ["item"],
  state: z.null(),
  async run({ responses }) {
    if (responses.item.statusCode !== 200) throw new Error(`ERP answered ${responses.item.statusCode}`);
    return responses.item.body;
  },
});

let store: ContinuationStore<DbTransaction>;
let cleanupDb: () => Promise<void>;
let erp: Awaited<ReturnType<typeof startTestServer>>;
let runtime: Runtime;
let metrics: Metrics;
/** Requests to /held wait here until the test lets them go. */
const held: (() => void)[] = [];

beforeAll(async () => {
  ({ store, cleanup: cleanupDb } = await createTestDb());
  erp = await startTestServer((req, res) => {
    if (req.url === "/held") held.push(() => res.end("late"));
    else if (req.url === "/down") res.writeHead(503).end("down");
    else res.end("ok");
  });
  runtime = createRuntime({
    store,
    callbacks: [received],
    credentials: [{ name: "ERP", baseUrl: erp.url, headers: () => ({}) }],
    // One failure opens the breaker; a long wait keeps it open for the test.
    breaker: { failures: 1, halfOpenAfterMs: 3_600_000 },
  });
  metrics = createMetrics({ defaultMetrics: false });
  metrics.observe(runtime);
  metrics.observe(runtime); // observed twice, counted once
});

afterAll(async () => {
  await runtime.close();
  await erp.close();
  await cleanupDb();
});

/** One series' value (0 when absent). */
async function value(name: string, labels: Record<string, string> = {}): Promise<number> {
  const text = await metrics.registry.metrics();
  const rendered = Object.entries(labels)
    .map(([k, v]) => `${k}="${v}"`)
    .join(",");
  const line = text.split("\n").find((l) => l.startsWith(rendered ? `${name}{${rendered}} ` : `${name} `));
  return line ? Number(line.split(" ").pop()) : 0;
}

const lookup = (path: string) =>
  continuation({ callback: received, state: null, requests: { item: { url: `callout:ERP${path}` } } });

async function run(path: string) {
  const { id } = await runtime.start(lookup(path), { ownerId: OWNER });
  return runtime.waitUntilFinished(id, OWNER, 15_000);
}

describe("the metrics of a real runtime", () => {
  it("show a held callout in flight and its continuation suspended, then count its completion once", async () => {
    expect(await value("warranty_desk_breaker_state", { credential: "ERP" })).toBe(0);
    const { id } = await runtime.start(lookup("/held"), { ownerId: OWNER });
    await expect.poll(() => held.length).toBe(1);
    expect(await value("warranty_desk_callouts_in_flight")).toBe(1);
    expect(await value("warranty_desk_continuations_suspended")).toBe(1);
    held.shift()!();
    expect(await runtime.waitUntilFinished(id, OWNER, 15_000)).toMatchObject({ status: "completed" });
    await expect.poll(() => value("warranty_desk_continuations_completed_total")).toBe(1);
    expect(await value("warranty_desk_continuations_started_total", { callback: "metrics.received" })).toBe(
      1,
    );
    expect(await value("warranty_desk_callout_duration_seconds_count", { credential: "ERP" })).toBe(1);
    expect(await value("warranty_desk_callouts_answered_total", { credential: "ERP", status: "2xx" })).toBe(
      1,
    );
    expect(await value("warranty_desk_callouts_in_flight")).toBe(0);
    expect(await value("warranty_desk_continuations_suspended")).toBe(0);
  });

  it("count a failure by its code, and show the breaker it opened", async () => {
    expect(await run("/down")).toMatchObject({ status: "failed" });
    const failures = (
      await metrics.registry.getSingleMetric("warranty_desk_continuations_failed_total")?.get()
    )?.values;
    expect(failures?.map((v) => v.value)).toEqual([1]);
    expect(await value("warranty_desk_callouts_answered_total", { credential: "ERP", status: "5xx" })).toBe(
      1,
    );
    expect(await value("warranty_desk_breaker_state", { credential: "ERP" })).toBe(2);
    expect(await value("warranty_desk_breaker_transitions_total", { credential: "ERP", state: "open" })).toBe(
      1,
    );
    // The breaker now refuses at once (2005): counted, but no latency observed.
    expect(await run("/ok")).toMatchObject({ status: "failed" });
    expect(await value("warranty_desk_callouts_answered_total", { credential: "ERP", status: "2005" })).toBe(
      1,
    );
    expect(await value("warranty_desk_callout_duration_seconds_count", { credential: "ERP" })).toBe(2);
    expect(await value("warranty_desk_continuations_started_total", { callback: "metrics.received" })).toBe(
      3,
    );
  });
});
