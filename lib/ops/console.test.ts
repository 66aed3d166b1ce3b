import { afterAll, beforeAll, describe, expect, it, vi } from "vitest";
import { createRuntime, silentLogger, type Runtime } from "@/lib/continuation";
import type { Db } from "@/lib/db";
import { callbacks } from "@/lib/server/callbacks";
import { startTestServer } from "@/lib/testing/http-server";
import { createTestDb } from "@/lib/testing/test-db";
import { getWarranty } from "@/lib/warranty/get-warranty";
import { warrantySubject } from "@/lib/warranty/warranty-outcome";
import { seed } from "@/prisma/seed";
import type { ContinuationQuery } from "./continuation-query";
import { listAudit } from "./list-audit";
import { listContinuations } from "./list-continuations";
import { probeBreaker, resetBreaker } from "./operate-breaker";
import type { OperatorActor } from "./ops-deps";
import { breakerTransitionRecorder } from "./record-breaker-transition";

// The console's reads and actions over the real runtime, database and an HTTP server in the ERP's
// wire format: bob's lookup answered, alice's held in flight, and then an ERP that fails.
let db: Db;
let cleanup: () => Promise<void>;
let erp: Awaited<ReturnType<typeof startTestServer>>;
let runtime: Runtime;
let alice: string;
let bob: string;
let ops: OperatorActor;
let isDown = false;
const held = new Set(["SN-1001-A"]);

beforeAll(async () => {
  let store;
  ({ db, store, cleanup } = await createTestDb());
  await seed(db, "warranty-demo");
  alice = (await db.agent.findUniqueOrThrow({ where: { username: "alice" } })).id;
  bob = (await db.agent.findUniqueOrThrow({ where: { username: "bob" } })).id;
  const operator = await db.agent.findUniqueOrThrow({ where: { username: "ops" } });
  ops = { id: operator.id, username: operator.username };
  erp = await startTestServer((req, res) => {
    const path = new URL(req.url ?? "/", "http://x").pathname;
    const send = (status: number, body: unknown) =>
      res.writeHead(status, { "content-type": "application/json" }).end(JSON.stringify(body));
    if (isDown) return send(503, { error: { code: "DOWN", message: "down" } });
    if (path === "/health") return send(200, { status: "ok" });
    const serial = decodeURIComponent(/^\/warranty\/([^/]+)$/.exec(path)?.[1] ?? "");
    if (held.has(serial)) return; // never answers: in flight until the test ends
    send(200, { serial, sku: "X", status: "active", startDate: "2026-01-01", endDate: "2029-06-30" });
  });
  const credential = { baseUrl: erp.url, allowPrivateNetwork: true, headers: () => ({}) };
  runtime = createRuntime({
    store,
    callbacks,
    credentials: [
      { ...credential, name: "ERP", probePath: "/health" },
      { ...credential, name: "ERP_OAUTH" },
    ],
    breaker: { failures: 1, halfOpenAfterMs: 600_000 },
    leaseMs: 600_000,
    instanceId: "console-test",
  });
  runtime.onBreakerTransition(breakerTransitionRecorder(db, silentLogger));
});

afterAll(async () => {
  await runtime.close();
  await erp.close();
  await cleanup();
});

const deps = () => ({ db, runtime });
const ALL: ContinuationQuery = { statuses: [], callbackName: null, agent: null, from: null, to: null };

async function lookUp(ownerId: string, productId: string) {
  const c = await getWarranty({ productId }, { ownerId, db });
  return (await runtime.start(c, { ownerId, subject: warrantySubject(productId) })).id;
}
const transitions = () =>
  db.breakerTransition.findMany({ where: { credential: "ERP" }, orderBy: { at: "asc" } });

let bobs: string;
let held1: string;
let failed1: string;

describe("the operators' console", () => {
  it("lists every agent's continuations, the stuck first, with usernames and counts, filtered", async () => {
    bobs = await lookUp(bob, "wd-grind-125");
    expect(await runtime.waitUntilFinished(bobs, bob, 10_000)).toMatchObject({ status: "completed" });
    held1 = await lookUp(alice, "wd-drill-18v");
    // Sent (and held) before the ERP goes down.
    await vi.waitFor(() => expect(erp.requests.map((r) => r.url)).toContain("/warranty/SN-1001-A"));
    isDown = true;
    failed1 = await lookUp(alice, "wd-saw-circ");
    expect(await runtime.waitUntilFinished(failed1, alice, 10_000)).toMatchObject({ status: "failed" });
    expect(runtime.breakers().find((b) => b.credential === "ERP")?.state).toBe("open");

    const all = await listContinuations(deps(), ALL);
    expect(all.problem).toBeNull();
    expect(all.items.map((c) => [c.id, c.agent, c.status, c.stuck])).toEqual([
      [held1, "alice", "pending", "breaker-open"],
      [failed1, "alice", "failed", null],
      [bobs, "bob", "completed", null],
    ]);
    expect(all.items[0]).toMatchObject({ callbackName: "warranty.received", leaseOwner: "console-test" });
    expect(all.items[1]!.error?.code).toBeTruthy();
    expect(all.counts).toEqual({ pending: 1, completed: 1, failed: 1, cancelled: 0 });

    const alices = await listContinuations(deps(), { ...ALL, agent: "alice" });
    expect(alices.items.map((c) => c.id)).toEqual([held1, failed1]);
    expect(alices.counts).toEqual({ pending: 1, completed: 0, failed: 1, cancelled: 0 });

    const failed = await listContinuations(deps(), {
      ...ALL,
      statuses: ["failed"],
      callbackName: "warranty.received",
    });
    expect(failed.items.map((c) => c.id)).toEqual([failed1]);
    // Counts are for the other filters: every status is counted.
    expect(failed.counts).toEqual({ pending: 1, completed: 1, failed: 1, cancelled: 0 });

    const later = await listContinuations(deps(), { ...ALL, from: new Date(Date.now() + 60_000) });
    expect(later.items).toEqual([]);

    expect(await listContinuations(deps(), { ...ALL, agent: "nobody" })).toEqual({
      items: [],
      counts: { pending: 0, completed: 0, failed: 0, cancelled: 0 },
      problem: 'Agent: no agent is named "nobody".',
    });
  });

  it("probes a breaker while the ERP still fails: it stays open, and the probe is recorded", async () => {
    const result = await probeBreaker(deps(), ops, "ERP");
    expect(result).toMatchObject({
      ok: true,
      data: { credential: "ERP", ok: false, statusCode: 503, state: "open" },
    });
    const [action, ...others] = await db.operatorAction.findMany();
    expect(others).toEqual([]);
    expect(action).toMatchObject({ actorId: ops.id, actor: "ops", action: "breaker.probe", target: "ERP" });
    expect(JSON.parse(action!.detail!)).toMatchObject({
      ok: false,
      statusCode: 503,
      state: "open",
      instance: "console-test",
    });

    // Refusals change nothing.
    expect(await probeBreaker(deps(), ops, "NOPE")).toMatchObject({
      ok: false,
      error: { code: "NOT_FOUND" },
    });
    expect(await probeBreaker(deps(), ops, "ERP_OAUTH")).toMatchObject({
      ok: false,
      error: { code: "NOT_PROBEABLE", message: "ERP_OAUTH has no health check to probe." },
    });
    expect(await resetBreaker(deps(), ops, "NOPE")).toMatchObject({
      ok: false,
      error: { code: "NOT_FOUND" },
    });
    expect(await db.operatorAction.count()).toBe(1);
    expect((await transitions()).map((t) => [t.state, t.reason, t.instance])).toEqual([
      ["open", "failures", "console-test"],
    ]);
  });

  it("closes the breaker with a probe once the ERP answers, and resets a reopened one: both recorded", async () => {
    isDown = false;
    expect(await probeBreaker(deps(), ops, "ERP")).toMatchObject({
      ok: true,
      data: { ok: true, statusCode: 200, state: "closed" },
    });
    isDown = true;
    const failed2 = await lookUp(alice, "wd-sand-orb");
    await runtime.waitUntilFinished(failed2, alice, 10_000);
    expect(await resetBreaker(deps(), ops, "ERP")).toEqual({
      ok: true,
      data: { credential: "ERP", previous: "open" },
    });
    expect(runtime.breakers().find((b) => b.credential === "ERP")?.state).toBe("closed");
    await vi.waitFor(async () =>
      expect((await transitions()).map((t) => [t.state, t.reason])).toEqual([
        ["open", "failures"],
        ["closed", "operator-probe"],
        ["open", "failures"],
        ["closed", "reset"],
      ]),
    );
    const actions = await db.operatorAction.findMany({ orderBy: { at: "asc" } });
    expect(actions.map((a) => [a.action, JSON.parse(a.detail!).state])).toEqual([
      ["breaker.probe", "open"],
      ["breaker.probe", "closed"],
      ["breaker.reset", "closed"],
    ]);
    isDown = false;
  });

  it("merges who started, retried and cancelled what with the operators' actions, newest first", async () => {
    await runtime.cancel(held1, alice);
    const retry = await runtime.retry(failed1, alice);
    await runtime.waitUntilFinished(retry!.id, alice, 10_000);

    const audit = await listAudit(deps());
    const rows = audit.map((e) => [
      e.who,
      e.action,
      e.target.kind === "breaker" ? e.target.credential : e.target.id,
    ]);
    expect(rows.slice(0, 5)).toEqual([
      ["alice", "retried", retry!.id],
      ["alice", "cancelled", held1],
      ["ops", "breaker.reset", "ERP"],
      ["alice", "started", expect.any(String)],
      ["ops", "breaker.probe", "ERP"],
    ]);
    expect(audit[0]!.detail).toEqual({ retryOf: failed1 });
    expect(rows).toContainEqual(["bob", "started", bobs]);
    expect(rows).toContainEqual(["alice", "started", held1]);
    expect(audit.map((e) => e.at)).toEqual(
      audit
        .map((e) => e.at)
        .sort()
        .reverse(),
    );
    expect(await listAudit(deps(), 2)).toHaveLength(2);
  });
});
