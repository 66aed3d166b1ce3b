import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { z } from "zod";
import type { Db, DbTransaction } from "@/lib/db";
import { startTestServer } from "@/lib/testing/http-server";
import { createTestDb } from "@/lib/testing/test-db";
import { continuation, defineCallback, type CallbackContext, type Continuation } from "./define/continuation";
import { createRuntime, type Runtime, type RuntimeOptions } from "./engine/runtime";
import type { ContinuationStore } from "./store/store";

let db: Db;
let store: ContinuationStore<DbTransaction>;
let cleanupDb: () => Promise<void>;
let erp: Awaited<ReturnType<typeof startTestServer>>;
let runtime: Runtime;
const extraRuntimes: Runtime[] = [];
const OWNER = "agent-1";

/**
 * The state carried along the chain: how long it should get, what each step saw, and (for the
 * rollback test) an agent to write in the step that tries to go on too far.
 */
const ChainState = z.object({
  length: z.number().int(),
  trail: z.array(z.string()),
  writeAs: z.string().optional(),
});
type ChainState = z.infer<typeof ChainState>;

/** What a step saw: its own labels, each body, and whether an earlier step's label is reachable. */
function seen(step: string, ctx: CallbackContext<ChainState, string>, foreign: string): string {
  const labels = Object.keys(ctx.responses).sort();
  const bodies = labels.map((l) => `${l}=${ctx.responses[l]?.body}`).join(",");
  let foreignLabel = "hidden";
  try {
    ctx.response(foreign);
    foreignLabel = "visible";
  } catch {
    // UnknownLabelError: only this step's responses are there.
  }
  return `${step}@${ctx.step}[${bodies}] ${foreign}:${foreignLabel}`;
}

const next = (state: ChainState, trail: string): ChainState => ({ ...state, trail: [...state.trail, trail] });

const first = defineCallback({
  name: "chain.first",
  labels: ["token"],
  state: ChainState,
  async run(ctx): Promise<ChainState | Continuation> {
    const state = next(ctx.state, seen("first", ctx, "order"));
    if (state.length === 1) return state;
    return continuation({
      callback: second,
      state,
      requests: {
        order: { method: "POST", url: "callout:ERP/order", body: '{"qty":2}' },
        stock: { url: "callout:ERP/stock" },
      },
    });
  },
});

const second = defineCallback({
  name: "chain.second",
  labels: ["order", "stock"],
  state: ChainState,
  async run(ctx): Promise<ChainState | Continuation> {
    const state = next(ctx.state, seen("second", ctx, "token"));
    if (state.length === 2) return state;
    return continuation({ callback: third, state, requests: { invoice: { url: "callout:ERP/invoice" } } });
  },
});

const third = defineCallback({
  name: "chain.third",
  labels: ["invoice"],
  state: ChainState,
  async run(ctx): Promise<ChainState | Continuation> {
    const state = next(ctx.state, seen("third", ctx, "stock"));
    if (ctx.state.writeAs) {
      await ctx.tx.agent.create({
        data: { username: ctx.state.writeAs, displayName: "X", passwordHash: "x" },
      });
    }
    if (state.length === 3) return state;
    return continuation({ callback: fourth, state, requests: { receipt: { url: "callout:ERP/receipt" } } });
  },
});

const fourth = defineCallback({
  name: "chain.fourth",
  labels: ["receipt"],
  state: ChainState,
  async run(ctx): Promise<ChainState> {
    return next(ctx.state, seen("fourth", ctx, "invoice"));
  },
});

const pair = defineCallback({
  name: "chain.pair",
  labels: ["fast", "slow"],
  state: z.null(),
  async run({ responses }) {
    return [responses.fast.body, responses.slow.body];
  },
});

const callbacks = [first, second, third, fourth, pair];

/** Released by the "sent once" test: until then the server holds `/slow`. */
let releaseSlow: () => void = () => {};
const slowReleased = new Promise<void>((resolve) => (releaseSlow = resolve));

beforeAll(async () => {
  ({ db, store, cleanup: cleanupDb } = await createTestDb());
  erp = await startTestServer((req, res) => {
    const path = new URL(req.url ?? "/", "http://x").pathname;
    if (path === "/slow") {
      void slowReleased.then(() => res.end("slow"));
      return;
    }
    res.writeHead(200, { "content-type": "text/plain" }).end(path.slice(1));
  });
  runtime = createRuntime(options());
});

afterAll(async () => {
  for (const extra of extraRuntimes) await extra.close();
  await runtime.close();
  await erp.close();
  await cleanupDb();
});

function options(overrides: Partial<RuntimeOptions> = {}): RuntimeOptions {
  return {
    store,
    callbacks,
    credentials: [{ name: "ERP", baseUrl: erp.url, headers: () => ({ "x-api-key": "k" }) }],
    ...overrides,
  };
}

const chain = (length: number, writeAs?: string) =>
  continuation({
    callback: first,
    state: { length, trail: [], ...(writeAs ? { writeAs } : {}) },
    requests: { token: { method: "POST", url: "callout:ERP/token", body: "grant=client" } },
  });

/** `inner` with some methods replaced (the rest bound to it, whatever the interface grows). */
function withHooks(
  inner: ContinuationStore<DbTransaction>,
  hooks: Partial<ContinuationStore<DbTransaction>>,
): ContinuationStore<DbTransaction> {
  return new Proxy(inner, {
    get(target, property) {
      const hook = hooks[property as keyof ContinuationStore<DbTransaction>];
      if (hook) return hook;
      const value: unknown = Reflect.get(target, property, target);
      return typeof value === "function" ? value.bind(target) : value;
    },
  });
}

async function run(c: Continuation, on: Runtime = runtime) {
  const { id } = await on.start(c, { ownerId: OWNER });
  return on.waitUntilFinished(id, OWNER, 15_000);
}

const TRAIL = [
  "first@0[token=token] order:hidden",
  "second@1[order=order,stock=stock] token:hidden",
  "third@2[invoice=invoice] stock:hidden",
  "fourth@3[receipt=receipt] invoice:hidden",
];

describe("a chain", () => {
  it.each([1, 2, 3])(
    "of %i continuation(s) completes, each step seeing only its own responses",
    async (length) => {
      const view = await run(chain(length));
      expect(view).toMatchObject({ status: "completed", step: length - 1, error: null });
      // Each callback got the state the previous one passed on (the trail so far) and its own labels.
      expect(view.result).toEqual({ length, trail: TRAIL.slice(0, length) });
    },
  );

  it("persists every step's callouts with step numbers and idempotency keys <id>.<step>.<label>", async () => {
    const view = await run(chain(3));
    const rows = await db.callout.findMany({
      where: { continuationId: view.id },
      orderBy: [{ step: "asc" }, { label: "asc" }],
    });
    expect(rows.map((r) => [r.step, r.label, r.method, r.url, r.status, r.statusCode])).toEqual([
      [0, "token", "POST", "callout:ERP/token", "done", 200],
      [1, "order", "POST", "callout:ERP/order", "done", 200],
      [1, "stock", "GET", "callout:ERP/stock", "done", 200],
      [2, "invoice", "GET", "callout:ERP/invoice", "done", 200],
    ]);
    for (const row of rows) expect(row.idempotencyKey).toBe(`${view.id}.${row.step}.${row.label}`);
    // The same keys went out on the wire.
    const sent = erp.requests
      .map((r) => r.headers["idempotency-key"])
      .filter((key): key is string => typeof key === "string" && key.startsWith(`${view.id}.`))
      .sort();
    expect(sent).toEqual(rows.map((r) => r.idempotencyKey).sort());
  });

  it("persists a summary of every step's callouts", async () => {
    const view = await run(chain(3));
    const summary = view.summary;
    expect(summary).toMatchObject({
      continuationId: view.id,
      status: "completed",
      success: true,
      steps: 3,
      startedAt: view.createdAt,
      finishedAt: view.finishedAt,
    });
    expect(summary?.totalDurationMs).toBeGreaterThanOrEqual(0);
    const row = await db.continuation.findUniqueOrThrow({ where: { id: view.id } });
    expect(summary?.stateBytes).toBe(Buffer.byteLength(row.state, "utf8"));
    expect(summary?.stateBytes).toBe(
      Buffer.byteLength(JSON.stringify({ length: 3, trail: TRAIL.slice(0, 2) }), "utf8"),
    );
    expect(summary?.callouts.map((c) => [c.step, c.label, c.method, c.url, c.statusCode])).toEqual([
      [0, "token", "POST", "callout:ERP/token", 200],
      [1, "order", "POST", "callout:ERP/order", 200],
      [1, "stock", "GET", "callout:ERP/stock", 200],
      [2, "invoice", "GET", "callout:ERP/invoice", 200],
    ]);
    const bodies: Record<string, [number, number]> = {
      token: [Buffer.byteLength("grant=client"), "token".length],
      order: [Buffer.byteLength('{"qty":2}'), "order".length],
      stock: [0, "stock".length],
      invoice: [0, "invoice".length],
    };
    for (const entry of summary?.callouts ?? []) {
      expect([entry.requestBytes, entry.responseBytes]).toEqual(bodies[entry.label]);
      expect(entry.durationMs).toBeGreaterThanOrEqual(0);
      expect(entry.sentAt).not.toBeNull();
      expect(entry.finishedAt).not.toBeNull();
      expect(Date.parse(entry.finishedAt ?? "")).toBeGreaterThanOrEqual(Date.parse(entry.sentAt ?? ""));
    }
  });

  it("fails with CHAIN_TOO_LONG when a callback returns a 4th continuation, rolling back its writes", async () => {
    const view = await run(chain(4, "too-far"));
    expect(view).toMatchObject({
      status: "failed",
      step: 2,
      result: null,
      error: { code: "CHAIN_TOO_LONG" },
    });
    expect(view.error?.message).toMatch(/at most 3 continuations.*number 4/);
    expect(await db.agent.count({ where: { username: "too-far" } })).toBe(0);
    expect(await db.callout.count({ where: { continuationId: view.id, step: 3 } })).toBe(0);
    expect(view.summary).toMatchObject({ status: "failed", success: false, steps: 3 });
    expect(view.summary?.callouts).toHaveLength(4);
  });

  it("of 4 completes when maxChainLength is 4, and the write of step 3 is kept", async () => {
    const longer = createRuntime(options({ limits: { maxChainLength: 4 } }));
    extraRuntimes.push(longer);
    const view = await run(chain(4, "went-far"), longer);
    expect(view).toMatchObject({ status: "completed", step: 3, result: { length: 4, trail: TRAIL } });
    expect(view.summary).toMatchObject({ steps: 4, success: true });
    expect(view.summary?.callouts.map((c) => `${c.step}.${c.label}`)).toEqual([
      "0.token",
      "1.order",
      "1.stock",
      "2.invoice",
      "3.receipt",
    ]);
    expect(await db.agent.count({ where: { username: "went-far" } })).toBe(1);
  });
});

describe("a step's callouts", () => {
  it("are each sent once, and the engine reads nothing back while they come in", async () => {
    // The engine keeps what it wrote in memory: it never re-reads a continuation between a
    // step's responses (a stale read there once made a sibling callout go out twice).
    let reads = 0;
    const counting = withHooks(store, {
      async find(id, options) {
        reads++;
        return store.find(id, options);
      },
    });
    // Each label goes through its own credential, whose secret is read once per send.
    const sends = { FAST: 0, SLOW: 0 };
    const counted = createRuntime(
      options({
        store: counting,
        credentials: (["FAST", "SLOW"] as const).map((name) => ({
          name,
          baseUrl: erp.url,
          headers: () => {
            sends[name] += 1;
            return { "x-api-key": "k" };
          },
        })),
      }),
    );
    extraRuntimes.push(counted);
    const { id } = await counted.start(
      continuation({
        callback: pair,
        state: null,
        requests: { fast: { url: "callout:FAST/fast" }, slow: { url: "callout:SLOW/slow" } },
      }),
      { ownerId: OWNER },
    );
    await expect.poll(() => erp.requests.filter((r) => r.url === "/fast").length).toBe(1);
    releaseSlow();
    const finished = new Promise<void>((resolve) =>
      counted.subscribe((change) => change.id === id && change.status !== "pending" && resolve()),
    );
    await finished;
    expect(reads, "reads of the continuation while it ran").toBe(0);
    const view = await counted.waitUntilFinished(id, OWNER, 15_000);
    expect(view).toMatchObject({ status: "completed", result: ["fast", "slow"] });
    expect(sends.SLOW, "the slow callout was sent more than once").toBe(1);
    expect(sends.FAST).toBe(1);
    await counted.close();
    expect(erp.requests.filter((r) => r.url === "/slow")).toHaveLength(1);
  });
});
