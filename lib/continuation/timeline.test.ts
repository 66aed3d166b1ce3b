import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { z } from "zod";
import { startTestServer } from "@/lib/testing/http-server";
import { continuation, defineCallback, type Continuation } from "./define/continuation";
import { createRuntime, type Runtime } from "./engine/runtime";
import { ContinuationFailure } from "./errors";
import { createMemoryStore } from "./store/memory-store";
import type { NewEvent, StoredEvent } from "./store/model";

// The timeline as the runtime writes it: every transition's events, in order, through the real
// engine and a real HTTP server (the memory store keeps it fast; the stores' own part is in the
// conformance suite).

const OWNER = "agent-1";
let erp: Awaited<ReturnType<typeof startTestServer>>;
const runtimes: Runtime[] = [];
const slowAnswered = { count: 0 };
let flaky = 0;

const Empty = z.object({});

const last = defineCallback({
  name: "timeline.last",
  labels: ["c"],
  state: Empty,
  run: async ({ responses }) => ({ c: responses.c.statusCode }),
});

const first = defineCallback({
  name: "timeline.first",
  labels: ["a", "b"],
  state: Empty,
  async run(): Promise<Continuation> {
    return continuation({ callback: last, state: {}, requests: { c: { url: "callout:ERP/c" } } });
  },
});

const refuses = defineCallback({
  name: "timeline.refuses",
  labels: ["a"],
  state: Empty,
  async run(): Promise<never> {
    throw new ContinuationFailure("ERP_REFUSED", "The ERP said no.");
  },
});

const waits = defineCallback({
  name: "timeline.waits",
  labels: ["slow"],
  state: Empty,
  run: async ({ responses }) => responses.slow.statusCode,
});

const make = (instanceId: string, store: ReturnType<typeof createMemoryStore>, leaseMs = 15_000) => {
  const runtime = createRuntime({
    store: store as never,
    callbacks: [first, last, refuses, waits],
    credentials: [{ name: "ERP", baseUrl: erp.url, headers: () => ({}), allowPrivateNetwork: true }],
    instanceId,
    leaseMs,
  });
  runtimes.push(runtime);
  return runtime;
};

beforeAll(async () => {
  erp = await startTestServer((req, res) => {
    if (req.url === "/a" && flaky++ === 0) return void res.writeHead(503).end("busy");
    if (req.url === "/b") return void setTimeout(() => res.writeHead(200).end("b"), 300);
    if (req.url === "/slow" && slowAnswered.count++ === 0) return; // the first send hangs
    res.writeHead(200).end("ok");
  });
});

afterAll(async () => {
  await Promise.all(runtimes.map((r) => r.close()));
  await erp.close();
});

const shape = (events: readonly (NewEvent | StoredEvent)[]) =>
  events.map((e) => [e.kind, e.step, e.label].filter((x) => x !== null).join(" "));

describe("a continuation's timeline", () => {
  it("records every event of a two-step chain with a retried callout, in order, and tells listeners once each", async () => {
    const store = createMemoryStore();
    const runtime = make("instance-1", store);
    const heard: NewEvent[] = [];
    runtime.onEvents((events) => heard.push(...events));
    const { id } = await runtime.start(
      continuation({
        callback: first,
        state: {},
        requests: {
          a: { url: "callout:ERP/a", retryOn: [503], retry: { attempts: 3, baseMs: 10, maxMs: 20 } },
          b: { url: "callout:ERP/b" },
        },
      }),
      { ownerId: OWNER },
    );
    await runtime.waitUntilFinished(id, OWNER);
    const timeline = (await runtime.timeline(id, { ownerId: OWNER }))!;
    const expected = [
      "started 0",
      "sent 0 a",
      "sent 0 b",
      "retried 0 a",
      "answered 0 a",
      "answered 0 b",
      "callback 0",
      "advanced 1",
      "sent 1 c",
      "answered 1 c",
      "callback 1",
      "completed 1",
    ];
    expect(shape(timeline.events)).toEqual(expected);
    expect(shape(heard)).toEqual(expected);
    const byKind = (kind: string, label?: string) =>
      timeline.events.find((e) => e.kind === kind && (label === undefined || e.label === label))!;
    expect(byKind("retried", "a").detail).toMatchObject({ attempt: 1, statusCode: 503 });
    expect(byKind("answered", "a").detail).toMatchObject({ statusCode: 200, attempts: 2, credential: "ERP" });
    expect(byKind("answered", "b").detail).toMatchObject({ statusCode: 200, attempts: 1, responseBytes: 1 });
    expect(byKind("sent", "a").detail).toMatchObject({ url: "callout:ERP/a", idempotencyKey: `${id}.0.a` });
    expect(byKind("callback").detail).toMatchObject({ callback: "timeline.first", stateBytes: 2 });
    expect(byKind("advanced").detail).toEqual({ callback: "timeline.last", requests: 1 });
    expect(timeline.events.every((e) => e.instance === "instance-1")).toBe(true);
    expect(timeline.callouts.map((x) => [x.step, x.label, x.statusCode, x.credential])).toEqual([
      [0, "a", 200, "ERP"],
      [0, "b", 200, "ERP"],
      [1, "c", 200, "ERP"],
    ]);
    expect(timeline.continuation).toMatchObject({ status: "completed", stuck: null, idempotencyScope: id });
  });

  it("is its owner's and operators' only", async () => {
    const store = createMemoryStore();
    const runtime = make("instance-2", store);
    const { id } = await runtime.start(
      continuation({ callback: waits, state: {}, requests: { slow: { url: "callout:ERP/fast" } } }),
      { ownerId: OWNER },
    );
    await runtime.waitUntilFinished(id, OWNER);
    expect(await runtime.timeline(id, { ownerId: "someone-else" })).toBeNull();
    expect((await runtime.timeline(id, { operator: true }))?.continuation.ownerId).toBe(OWNER);
    expect(await runtime.timeline("no-such-id", { operator: true })).toBeNull();
  });

  it("records a failure, a cancel, and a retry on both the original and the retry", async () => {
    const store = createMemoryStore();
    const runtime = make("instance-3", store);
    const failed = await runtime.start(
      continuation({ callback: refuses, state: {}, requests: { a: { url: "callout:ERP/fast" } } }),
      { ownerId: OWNER },
    );
    await runtime.waitUntilFinished(failed.id, OWNER);
    const failedEvents = (await runtime.timeline(failed.id, { ownerId: OWNER }))!.events;
    expect(shape(failedEvents)).toEqual(["started 0", "sent 0 a", "answered 0 a", "failed 0"]);
    expect(failedEvents.at(-1)!.detail).toEqual({ code: "ERP_REFUSED", message: "The ERP said no." });

    const retry = (await runtime.retry(failed.id, OWNER))!;
    await runtime.waitUntilFinished(retry.id, OWNER);
    const original = (await runtime.timeline(failed.id, { ownerId: OWNER }))!.events;
    expect(original.at(-1)).toMatchObject({ kind: "retried_as", detail: { id: retry.id } });
    const retried = (await runtime.timeline(retry.id, { ownerId: OWNER }))!.events;
    expect(retried[0]).toMatchObject({ kind: "started", detail: { retryOf: failed.id } });

    slowAnswered.count = 0;
    const pending = await runtime.start(
      continuation({ callback: waits, state: {}, requests: { slow: { url: "callout:ERP/slow" } } }),
      { ownerId: OWNER },
    );
    await runtime.cancel(pending.id, OWNER);
    const cancelled = (await runtime.timeline(pending.id, { ownerId: OWNER }))!.events;
    expect(shape(cancelled)).toEqual(["started 0", "sent 0 slow", "cancelled 0"]);
    expect(cancelled.at(-1)!.detail).toEqual({ by: OWNER });
    const audit = await runtime.operations.audit(10);
    expect(audit.map((e) => [e.kind, e.continuationId])).toEqual([
      ["cancelled", pending.id],
      ["started", pending.id],
      ["started", retry.id],
      ["started", failed.id],
    ]);
  });

  it("shows a takeover: the instance that took it, from whom, and the re-sent callout answered there", async () => {
    const store = createMemoryStore();
    // Instance A never renews its lease (it is never `run()`): as if it died after sending.
    const a = make("instance-a", store, 100);
    const b = make("instance-b", store);
    slowAnswered.count = 0;
    const { id } = await a.start(
      continuation({ callback: waits, state: {}, requests: { slow: { url: "callout:ERP/slow" } } }),
      { ownerId: OWNER },
    );
    await new Promise((resolve) => setTimeout(resolve, 150));
    const listed = await b.operations.list({}, 10);
    expect(listed.items[0]).toMatchObject({ id, stuck: "lease-expired", leaseOwner: "instance-a" });
    expect(listed.counts).toMatchObject({ pending: 1 });
    const heard: NewEvent[] = [];
    b.onEvents((events) => heard.push(...events));
    expect(await b.resumePending()).toBe(1);
    await b.waitUntilFinished(id, OWNER);
    const events = (await b.timeline(id, { operator: true }))!.events;
    expect(events.map((e) => [e.kind, e.instance])).toEqual([
      ["started", "instance-a"],
      ["sent", "instance-a"],
      ["taken_over", "instance-b"],
      ["answered", "instance-b"],
      ["callback", "instance-b"],
      ["completed", "instance-b"],
    ]);
    expect(events[2]!.detail).toEqual({ from: "instance-a" });
    expect(heard.map((e) => e.kind)).toEqual(["taken_over", "answered", "callback", "completed"]);
  });
});
