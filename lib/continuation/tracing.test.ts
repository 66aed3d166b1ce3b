import { context, propagation, SpanKind, SpanStatusCode, trace } from "@opentelemetry/api";
import { InMemorySpanExporter, NodeTracerProvider, SimpleSpanProcessor } from "@opentelemetry/sdk-trace-node";
import type { ReadableSpan } from "@opentelemetry/sdk-trace-node";
import { afterAll, beforeAll, describe, expect, it, vi } from "vitest";
import { z } from "zod";
import type { DbTransaction } from "@/lib/db";
import { startTestServer } from "@/lib/testing/http-server";
import { createTestDb } from "@/lib/testing/test-db";
import { createContinuationAction } from "./actions/action";
import { continuation, defineCallback, type Continuation } from "./define/continuation";
import { createRuntime, type Runtime, type RuntimeOptions } from "./engine/runtime";
import { currentTraceContext, parseTraceContext, traceCallout } from "./engine/tracing";
import type { ContinuationStore } from "./store/store";

// One trace from click to result: the action's span is persisted with the continuation, and every
// callout's and callback's span, however long after, is its child. Real SQLite, real HTTP.

const OWNER = "agent-traced";
const API_KEY = "secret-api-key-never-in-a-span";

const Trail = z.array(z.string());

const second = defineCallback({
  name: "traced.second",
  labels: ["order"],
  state: Trail,
  async run({ state, responses }) {
    return [...state, responses.order.body ?? ""];
  },
});

const first = defineCallback({
  name: "traced.first",
  labels: ["token"],
  state: Trail,
  async run({ state, responses }): Promise<Continuation> {
    return continuation({
      callback: second,
      state: [...state, responses.token.body ?? ""],
      requests: { order: { method: "POST", url: "callout:ERP/order", body: '{"qty":1}' } },
    });
  },
});

const waited = defineCallback({
  name: "traced.waited",
  labels: ["slow"],
  state: z.null(),
  async run({ responses }) {
    return responses.slow.body;
  },
});

let store: ContinuationStore<DbTransaction>;
let cleanupDb: () => Promise<void>;
let erp: Awaited<ReturnType<typeof startTestServer>>;
let runtime: Runtime;
const exporter = new InMemorySpanExporter();

beforeAll(async () => {
  ({ store, cleanup: cleanupDb } = await createTestDb());
  erp = await startTestServer((req, res) => {
    const path = new URL(req.url ?? "/", "http://x").pathname.slice(1);
    if (path === "held") held.push(() => res.end(path));
    else res.end(path);
  });
  runtime = createRuntime(options("instance-a"));
});

/** Requests to /held wait here until the test lets them go. */
const held: (() => void)[] = [];

const options = (instanceId: string): RuntimeOptions => ({
  store,
  callbacks: [first, second, waited],
  credentials: [{ name: "ERP", baseUrl: erp.url, headers: () => ({ "x-api-key": API_KEY }) }],
  instanceId,
});

afterAll(async () => {
  await runtime.close();
  await erp.close();
  await cleanupDb();
  trace.disable();
  context.disable();
  propagation.disable();
});

/** The desk's wrapper around a build function: the action whose span starts the trace. */
const lookup = createContinuationAction({
  runtime: () => runtime,
  resolveOwner: async () => OWNER,
  db: () => undefined as never,
})(z.object({ item: z.string() }), ({ item }) =>
  continuation({ callback: first, state: [item], requests: { token: { url: "callout:ERP/token" } } }),
);

/** Runs the two-step chain through the action; answers its id once it completed. */
async function runChain(): Promise<string> {
  const started = await lookup({ item: "drill" });
  if (!started.ok) throw new Error(started.error.message);
  const view = await runtime.waitUntilFinished(started.data.id, OWNER, 15_000);
  expect(view).toMatchObject({ status: "completed", result: ["drill", "token", "order"] });
  return view.id;
}

describe("with no OpenTelemetry SDK registered", () => {
  it("emits nothing and persists no trace context", async () => {
    const id = await runChain();
    expect(exporter.getFinishedSpans()).toEqual([]);
    expect((await store.find(id))?.traceContext).toBeNull();
    expect(currentTraceContext()).toBeNull();
  });
});

describe("with an SDK registered (in-memory exporter)", () => {
  beforeAll(() => {
    new NodeTracerProvider({ spanProcessors: [new SimpleSpanProcessor(exporter)] }).register();
  });

  it("the action, each callout and each callback form one trace across the suspension", async () => {
    exporter.reset();
    const id = await runChain();
    const expected = [
      "action traced.first",
      "callout token",
      "callback traced.first",
      "callout order",
      "callback traced.second",
    ];
    // The last callback's span ends as its commit returns: wait for it rather than race it.
    await vi.waitFor(() => expect(exporter.getFinishedSpans()).toHaveLength(expected.length));
    const spans = exporter.getFinishedSpans();
    const byName = (name: string): ReadableSpan => {
      const span = spans.find((s) => s.name === name);
      if (!span) throw new Error(`no span ${name} in ${spans.map((s) => s.name).join(", ")}`);
      return span;
    };
    expect(spans.map((s) => s.name).sort()).toEqual([...expected].sort());

    const action = byName("action traced.first");
    const { traceId, spanId } = action.spanContext();
    for (const span of spans) expect(span.spanContext().traceId).toBe(traceId);
    for (const name of expected.slice(1)) expect(byName(name).parentSpanContext?.spanId).toBe(spanId);
    // What the continuation persisted is the action span: any instance picks the trace up from it.
    expect((await store.find(id))?.traceContext).toBe(`00-${traceId}-${spanId}-01`);

    const token = byName("callout token");
    expect(token.kind).toBe(SpanKind.CLIENT);
    expect(token.attributes).toMatchObject({
      "continuation.id": id,
      "continuation.step": 0,
      "continuation.callout.label": "token",
      "continuation.idempotency_key": `${id}.0.token`,
      "http.request.method": "GET",
      "url.full": "callout:ERP/token",
      "http.response.status_code": 200,
    });
    expect(byName("callout order").attributes).toMatchObject({
      "continuation.step": 1,
      "http.request.method": "POST",
      "continuation.idempotency_key": `${id}.1.order`,
    });
    expect(byName("callback traced.second").attributes).toMatchObject({
      "continuation.id": id,
      "continuation.step": 1,
      "continuation.callback": "traced.second",
    });
    // Credentials are added at send time, never to a span.
    expect(JSON.stringify(spans.map((s) => s.attributes))).not.toContain(API_KEY);
  });

  it("an instance that takes the continuation over goes on with the same trace", async () => {
    exporter.reset();
    const start = createContinuationAction({
      runtime: () => runtime,
      resolveOwner: async () => OWNER,
      db: () => undefined as never,
    })(z.object({}), () =>
      continuation({ callback: waited, state: null, requests: { slow: { url: "callout:ERP/held" } } }),
    );
    const started = await start({});
    if (!started.ok) throw new Error(started.error.message);
    await vi.waitFor(() => expect(held).toHaveLength(1));
    // Instance A shuts down with the callout in flight; B takes the continuation over and sends it again.
    await runtime.close();
    runtime = createRuntime(options("instance-b"));
    expect(await runtime.resumePending()).toBe(1);
    await vi.waitFor(() => expect(held).toHaveLength(2));
    for (const release of held.splice(0)) release();
    expect(await runtime.waitUntilFinished(started.data.id, OWNER, 15_000)).toMatchObject({
      status: "completed",
    });

    const names = ["action traced.waited", "callout slow", "callout slow", "callback traced.waited"];
    await vi.waitFor(() => expect(exporter.getFinishedSpans()).toHaveLength(names.length));
    const spans = exporter.getFinishedSpans();
    expect(spans.map((s) => s.name).sort()).toEqual([...names].sort());
    const action = spans.find((s) => s.name.startsWith("action"))!;
    for (const span of spans.filter((s) => s !== action)) {
      expect(span.spanContext().traceId).toBe(action.spanContext().traceId);
      expect(span.parentSpanContext?.spanId).toBe(action.spanContext().spanId);
    }
    // A's send was abandoned (an error on its span); B's was answered.
    const callouts = spans.filter((s) => s.name === "callout slow");
    expect(callouts.map((s) => s.attributes["http.response.status_code"] ?? s.status.code).sort()).toEqual(
      [200, SpanStatusCode.ERROR].sort(),
    );
  });

  it("a callout answered 5xx or with a runtime code is an error span; an action's failure marks its span", async () => {
    exporter.reset();
    const sc = { id: "c-1", step: 0, traceContext: null };
    const callout = { label: "x", method: "GET", url: "callout:ERP/x", idempotencyKey: "c-1.0.x" };
    await traceCallout(sc, callout, async () => ({ statusCode: 503 }));
    await traceCallout(sc, callout, async () => ({ statusCode: 2000 }));
    await expect(
      traceCallout(sc, callout, async () => {
        throw new Error("aborted");
      }),
    ).rejects.toThrow("aborted");
    const failed = await createContinuationAction({
      runtime: () => runtime,
      resolveOwner: async () => null,
      db: () => undefined as never,
    })(z.object({}), () =>
      continuation({ callback: first, state: [], requests: { token: { url: "callout:ERP/t" } } }),
    )({});
    expect(failed).toMatchObject({ ok: false, error: { code: "UNAUTHENTICATED" } });
    const spans = exporter.getFinishedSpans();
    expect(spans.map((s) => [s.name, s.status.code, s.attributes["error.type"]])).toEqual([
      ["callout x", SpanStatusCode.ERROR, undefined],
      ["callout x", SpanStatusCode.ERROR, "2000"],
      ["callout x", SpanStatusCode.ERROR, undefined],
      ["action continuation", SpanStatusCode.ERROR, "UNAUTHENTICATED"],
    ]);
    expect(spans[0]?.attributes["http.response.status_code"]).toBe(503);
    expect(spans[2]?.events.map((e) => e.name)).toEqual(["exception"]);
  });

  it("the synchronous path (the lab's) nests its callouts and callbacks under the caller's span", async () => {
    exporter.reset();
    const result = await trace.getTracer("test").startActiveSpan("caller", async (span) => {
      try {
        return await runtime.runNow(
          continuation({
            callback: first,
            state: ["now"],
            requests: { token: { url: "callout:ERP/token" } },
          }),
          { ownerId: OWNER, timeoutMs: 10_000 },
        );
      } finally {
        span.end();
      }
    });
    expect(result).toEqual(["now", "token", "order"]);
    const spans = exporter.getFinishedSpans();
    const caller = spans.find((s) => s.name === "caller")!;
    expect(spans.map((s) => s.name).sort()).toEqual(
      ["caller", "callout token", "callback traced.first", "callout order", "callback traced.second"].sort(),
    );
    for (const span of spans.filter((s) => s !== caller)) {
      expect(span.spanContext().traceId).toBe(caller.spanContext().traceId);
      expect(span.parentSpanContext?.spanId).toBe(caller.spanContext().spanId);
    }
  });
});

describe("parseTraceContext", () => {
  it("reads a W3C traceparent and refuses anything else", () => {
    const traceId = "4bf92f3577b34da6a3ce929d0e0e4736";
    expect(parseTraceContext(`00-${traceId}-00f067aa0ba902b7-01`)).toEqual({
      traceId,
      spanId: "00f067aa0ba902b7",
      traceFlags: 1,
      isRemote: true,
    });
    for (const bad of [
      null,
      "",
      `01-${traceId}-00f067aa0ba902b7-01`,
      `00-${"0".repeat(32)}-00f067aa0ba902b7-01`,
      "00-x-y-01",
    ])
      expect(parseTraceContext(bad)).toBeNull();
  });
});
