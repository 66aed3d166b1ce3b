import type http from "node:http";
import { randomUUID } from "node:crypto";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { z } from "zod";
import type { Db, DbTransaction } from "@/lib/db";
import type { ContinuationStore } from "./store/store";
import { startTestServer } from "@/lib/testing/http-server";
import { createTestDb } from "@/lib/testing/test-db";
import { createCancelAction } from "./actions/action";
import { continuation, defineCallback } from "./define/continuation";
import { createRuntime, type Runtime } from "./engine/runtime";

let db: Db;
let store: ContinuationStore<DbTransaction>;
let cleanupDb: () => Promise<void>;
let erp: Awaited<ReturnType<typeof startTestServer>>;
let runtime: Runtime;
const OWNER = "agent-1";
const INTRUDER = "agent-2";

/** A request the server holds: answer it with `res`, or learn that its connection closed. */
interface Held {
  res: http.ServerResponse;
  /** Resolves when the connection closes; `answered` says whether that was after an answer. */
  closed: Promise<{ answered: boolean }>;
}
const waiting = new Map<string, (held: Held) => void>();
const held = new Map<string, Held[]>();

/** The next request the server holds for `path` (already arrived or still to come). */
function arrival(path: string): Promise<Held> {
  const queued = held.get(path)?.shift();
  if (queued) return Promise.resolve(queued);
  return new Promise((resolve) => waiting.set(path, resolve));
}

/** Writes an agent row in its transaction, so a test can tell whether it ran (and committed). */
const recorded = defineCallback({
  name: "cancel.recorded",
  labels: ["only"],
  state: z.object({ username: z.string() }),
  async run({ state, responses, tx }) {
    await tx.agent.create({ data: { username: state.username, displayName: "Ran", passwordHash: "x" } });
    return responses.only.body;
  },
});

beforeAll(async () => {
  ({ db, store, cleanup: cleanupDb } = await createTestDb());
  erp = await startTestServer((req, res) => {
    const path = req.url ?? "/";
    if (path.startsWith("/quick")) return res.end("quick answer");
    const closed = new Promise<{ answered: boolean }>((resolve) =>
      res.on("close", () => resolve({ answered: res.writableFinished })),
    );
    const entry = { res, closed };
    const waiter = waiting.get(path);
    if (waiter) {
      waiting.delete(path);
      waiter(entry);
    } else {
      held.set(path, [...(held.get(path) ?? []), entry]);
    }
  });
  runtime = createRuntime(options());
});

afterAll(async () => {
  await runtime.close();
  await erp.close();
  await cleanupDb();
});

function options() {
  return {
    store,
    callbacks: [recorded],
    credentials: [{ name: "ERP", baseUrl: erp.url, headers: () => ({ "x-api-key": "k" }) }],
    // One instance name: a second runtime here stands for this instance restarted, which takes
    // its own leases back at once (another instance would wait for the lease to expire).
    instanceId: "cancel-test",
  };
}

const writing = (path: string, username: string) =>
  continuation({
    callback: recorded,
    state: { username },
    requests: { only: { url: `callout:ERP${path}` } },
  });

async function ran(username: string) {
  return (await db.agent.count({ where: { username } })) > 0;
}

describe("cancelling a continuation", () => {
  it("while its callout is in flight closes the connection, and the callback never runs", async () => {
    const { id } = await runtime.start(writing("/held/in-flight", "in-flight"), { ownerId: OWNER });
    const request = await arrival("/held/in-flight");

    const view = await runtime.cancel(id, OWNER);
    expect(view).toMatchObject({ id, status: "cancelled", result: null, error: { code: "CANCELLED" } });
    expect(view?.finishedAt).not.toBeNull();
    // The server saw its request's connection close before it answered.
    expect(await request.closed).toEqual({ answered: false });

    // A response that comes later goes nowhere, and changes nothing.
    request.res.end("too late");
    const after = await runtime.waitUntilFinished(id, OWNER);
    expect(after).toMatchObject({ status: "cancelled", result: null, error: { code: "CANCELLED" } });
    expect(after.summary).toMatchObject({ status: "cancelled", success: false, steps: 1 });
    expect(after.summary?.callouts).toEqual([expect.objectContaining({ label: "only", statusCode: null })]);
    expect(await ran("in-flight")).toBe(false);
  });

  it("is not undone by a response another runtime receives afterwards", async () => {
    // `other` picks the continuation up too, as this instance restarted would.
    const { id } = await runtime.start(writing("/held/late", "late"), { ownerId: OWNER });
    const ours = await arrival("/held/late");
    const other = createRuntime(options());
    try {
      expect(await other.resumePending()).toBe(1);
      const theirs = await arrival("/held/late");

      expect(await runtime.cancel(id, OWNER)).toMatchObject({ status: "cancelled" });
      expect(await ours.closed).toEqual({ answered: false });

      // The other instance gets its answer after the cancel, records it and drives on.
      const noticed = new Promise<void>((resolve) => {
        const unsubscribe = other.subscribe((change) => {
          if (change.id === id) {
            unsubscribe();
            resolve();
          }
        });
      });
      theirs.res.end("late answer");
      await noticed;
    } finally {
      await other.close(); // waits for whatever it was doing with the continuation
    }
    const view = await runtime.view(id, OWNER);
    expect(view).toMatchObject({ status: "cancelled", result: null, error: { code: "CANCELLED" } });
    expect(await ran("late")).toBe(false);
  });

  it("that belongs to someone else returns null and changes nothing", async () => {
    const { id } = await runtime.start(writing("/held/others", "others"), { ownerId: OWNER });
    const request = await arrival("/held/others");
    const before = await db.continuation.findUniqueOrThrow({ where: { id } });

    expect(await runtime.cancel(id, INTRUDER)).toBeNull();
    expect(await db.continuation.findUniqueOrThrow({ where: { id } })).toEqual(before);

    request.res.end("for the owner");
    const view = await runtime.waitUntilFinished(id, OWNER);
    expect(view).toMatchObject({ status: "completed", result: "for the owner", error: null });
    expect(await ran("others")).toBe(true);
  });

  it("that has completed leaves it completed", async () => {
    const { id } = await runtime.start(writing("/quick/done", "done"), { ownerId: OWNER });
    const done = await runtime.waitUntilFinished(id, OWNER);
    expect(done.status).toBe("completed");

    const view = await runtime.cancel(id, OWNER);
    expect(view).toMatchObject({ status: "completed", result: "quick answer", error: null });
    expect(view?.finishedAt).toBe(done.finishedAt);
    expect(view?.summary).toEqual(done.summary);
    expect(await ran("done")).toBe(true);
  });

  it("twice changes nothing the second time", async () => {
    const { id } = await runtime.start(writing("/held/twice", "twice"), { ownerId: OWNER });
    const request = await arrival("/held/twice");
    const first = await runtime.cancel(id, OWNER);
    await request.closed;
    const second = await runtime.cancel(id, OWNER);
    expect(second).toMatchObject({
      status: "cancelled",
      finishedAt: first?.finishedAt,
      summary: first?.summary,
    });
  });
});

describe("createCancelAction", () => {
  let owner: string | null = OWNER;
  const cancelAction = createCancelAction({ runtime: () => runtime, resolveOwner: async () => owner });

  it("cancels the owner's pending continuation", async () => {
    owner = OWNER;
    const { id } = await runtime.start(writing("/held/action", "action"), { ownerId: OWNER });
    const request = await arrival("/held/action");
    const result = await cancelAction(id);
    expect(result).toMatchObject({
      ok: true,
      data: { id, status: "cancelled", error: { code: "CANCELLED" } },
    });
    await request.closed;
    expect(await ran("action")).toBe(false);
  });

  it("answers NOT_FOUND for someone else's, an unknown or a malformed id", async () => {
    const { id } = await runtime.start(writing("/held/action-others", "action-others"), { ownerId: OWNER });
    const request = await arrival("/held/action-others");
    owner = INTRUDER;
    for (const target of [id, randomUUID(), "not-a-uuid"]) {
      expect(await cancelAction(target)).toMatchObject({ ok: false, error: { code: "NOT_FOUND" } });
    }
    owner = OWNER;
    expect((await runtime.view(id, OWNER))?.status).toBe("pending");
    request.res.end("still mine");
    expect(await runtime.waitUntilFinished(id, OWNER)).toMatchObject({
      status: "completed",
      result: "still mine",
    });
  });

  it("answers ALREADY_FINISHED for a completed one", async () => {
    owner = OWNER;
    const { id } = await runtime.start(writing("/quick/action-done", "action-done"), { ownerId: OWNER });
    await runtime.waitUntilFinished(id, OWNER);
    expect(await cancelAction(id)).toMatchObject({ ok: false, error: { code: "ALREADY_FINISHED" } });
    expect((await runtime.view(id, OWNER))?.status).toBe("completed");
  });

  it("answers UNAUTHENTICATED when nobody is signed in", async () => {
    owner = null;
    expect(await cancelAction(randomUUID())).toMatchObject({ ok: false, error: { code: "UNAUTHENTICATED" } });
    owner = OWNER;
  });
});
