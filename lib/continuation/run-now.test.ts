import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { z } from "zod";
import type { Db, DbTransaction } from "@/lib/db";
import type { ContinuationStore } from "./store/store";
import { startTestServer } from "@/lib/testing/http-server";
import { createTestDb } from "@/lib/testing/test-db";
import { continuation, defineCallback, type Continuation } from "./define/continuation";
import { TooManyRequestsError } from "./errors";
import { createRuntime, type Runtime } from "./engine/runtime";
import { CalloutStatus } from "./status-codes";

let db: Db;
let store: ContinuationStore<DbTransaction>;
let cleanupDb: () => Promise<void>;
let erp: Awaited<ReturnType<typeof startTestServer>>;
const runtimes: Runtime[] = [];
const OWNER = "agent-1";

/** Answers what it got; writes an agent first when the state names one. */
const single = defineCallback({
  name: "run-now.single",
  labels: ["only"],
  state: z.object({ writeAs: z.string().nullable() }),
  async run({ state, responses, tx }) {
    if (state.writeAs) {
      await tx.agent.create({ data: { username: state.writeAs, displayName: "Now", passwordHash: "x" } });
    }
    const { statusCode, body, errorMessage } = responses.only;
    return { statusCode, body, errorMessage };
  },
});

const secondStep = defineCallback({
  name: "run-now.second-step",
  labels: ["order"],
  state: z.object({ token: z.string().nullable() }),
  async run({ state, responses, step }) {
    return { token: state.token, order: responses.order.body, step };
  },
});

const firstStep = defineCallback({
  name: "run-now.first-step",
  labels: ["token"],
  state: z.null(),
  async run({ responses }): Promise<Continuation> {
    return continuation({
      callback: secondStep,
      state: { token: responses.token.body },
      requests: { order: { url: "callout:ERP/order" } },
    });
  },
});

beforeAll(async () => {
  ({ db, store, cleanup: cleanupDb } = await createTestDb());
  erp = await startTestServer((req, res) => {
    const path = new URL(req.url ?? "/", "http://x").pathname;
    const status = /^\/status\/(\d{3})$/.exec(path);
    if (status) return res.writeHead(Number(status[1])).end(`answer ${status[1]}`);
    if (path === "/slow") return void setTimeout(() => res.end("too late"), 2_000).unref();
    res.writeHead(200, { "content-type": "text/plain" }).end(path.slice(1));
  });
});

afterAll(async () => {
  for (const runtime of runtimes) await runtime.close();
  await erp.close();
  await cleanupDb();
});

/** A runtime of its own (so its own breakers): opens after 2 failures, for a minute. */
function newRuntime() {
  const runtime = createRuntime({
    store,
    callbacks: [single, firstStep, secondStep],
    credentials: [{ name: "ERP", baseUrl: erp.url, headers: () => ({ "x-api-key": "k" }) }],
    breaker: { failures: 2, halfOpenAfterMs: 60_000 },
  });
  runtimes.push(runtime);
  return runtime;
}

const one = (url: string, writeAs: string | null = null) =>
  continuation({ callback: single, state: { writeAs }, requests: { only: { url } } });

const sentTo = (url: string) => erp.requests.filter((r) => r.url === url).length;

describe("runNow", () => {
  it("returns a one-step chain's value and commits what its callback wrote", async () => {
    const value = await newRuntime().runNow(one("callout:ERP/hello", "now-user"), {
      ownerId: OWNER,
      timeoutMs: 5_000,
    });
    expect(value).toEqual({ statusCode: 200, body: "hello", errorMessage: null });
    expect(await db.agent.count({ where: { username: "now-user" } })).toBe(1);
  });

  it("runs both steps of a two-step chain", async () => {
    const chain = continuation({
      callback: firstStep,
      state: null,
      requests: { token: { method: "POST", url: "callout:ERP/token" } },
    });
    const value = await newRuntime().runNow(chain, { ownerId: OWNER, timeoutMs: 5_000 });
    expect(value).toEqual({ token: "token", order: "order", step: 1 });
  });

  it("persists no continuation and no callout", async () => {
    const runtime = newRuntime();
    const before = [await db.continuation.count(), await db.callout.count()];
    await runtime.runNow(one("callout:ERP/unrecorded"), { ownerId: OWNER, timeoutMs: 5_000 });
    expect(sentTo("/unrecorded")).toBe(1);
    expect([await db.continuation.count(), await db.callout.count()]).toEqual(before);
  });

  it("gives the callback 2000 when the ERP answers after timeoutMs", async () => {
    const started = performance.now();
    const value = await newRuntime().runNow(one("callout:ERP/slow"), { ownerId: OWNER, timeoutMs: 300 });
    expect(value).toMatchObject({ statusCode: CalloutStatus.TIMEOUT, body: null });
    expect(performance.now() - started).toBeLessThan(1_500);
  });

  it("refuses a 4th request with TooManyRequestsError before sending anything", async () => {
    const c = one("callout:ERP/four");
    const four = {
      ...c,
      requests: ["a", "b", "c", "d"].map((label) => ({ label, url: "callout:ERP/four" })),
    };
    await expect(newRuntime().runNow(four, { ownerId: OWNER, timeoutMs: 5_000 })).rejects.toBeInstanceOf(
      TooManyRequestsError,
    );
    expect(sentTo("/four")).toBe(0);
  });
});

describe("runNow and the ERP credential's circuit breaker", () => {
  it("opens after 2 failures: the third call is not sent and its callback sees 2005", async () => {
    const runtime = newRuntime();
    const call = () => runtime.runNow(one("callout:ERP/status/503"), { ownerId: OWNER, timeoutMs: 5_000 });
    expect(runtime.breakers()).toMatchObject([
      { credential: "ERP", state: "closed", consecutiveFailures: 0 },
    ]);
    expect(await call()).toMatchObject({ statusCode: 503 });
    expect(await call()).toMatchObject({ statusCode: 503 });
    const third = await call();
    expect(third).toMatchObject({ statusCode: CalloutStatus.CIRCUIT_OPEN, body: null });
    expect((third as { errorMessage: string }).errorMessage).toMatch(/^ERP .*paused until/);
    expect(sentTo("/status/503")).toBe(2);
    expect(runtime.breakers()).toMatchObject([
      { credential: "ERP", state: "open", consecutiveFailures: 2, threshold: 2 },
    ]);
  });

  it("is the same breaker continuation callouts go through", async () => {
    const runtime = newRuntime();
    for (let i = 0; i < 2; i++) {
      const { id } = await runtime.start(one("callout:ERP/status/502"), { ownerId: OWNER });
      const view = await runtime.waitUntilFinished(id, OWNER, 15_000);
      expect(view.result).toMatchObject({ statusCode: 502 });
    }
    const value = await runtime.runNow(one("callout:ERP/status/502"), { ownerId: OWNER, timeoutMs: 5_000 });
    expect(value).toMatchObject({ statusCode: CalloutStatus.CIRCUIT_OPEN });
    expect(sentTo("/status/502")).toBe(2);
  });
});
