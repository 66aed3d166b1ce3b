import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { z } from "zod";
import type { Db, DbTransaction } from "@/lib/db";
import type { ContinuationStore } from "./store/store";
import { startTestServer } from "@/lib/testing/http-server";
import { createTestDb } from "@/lib/testing/test-db";
import { createRetryAction } from "./actions/action";
import { continuation, defineCallback } from "./define/continuation";
import { ContinuationFailure } from "./errors";
import { createRuntime, type Runtime } from "./engine/runtime";

let db: Db;
let store: ContinuationStore<DbTransaction>;
let cleanup: () => Promise<void>;
let runtime: Runtime;
let server: Awaited<ReturnType<typeof startTestServer>>;
/** How the /order endpoint answers the next requests (shifted off per request). */
const orderAnswers: number[] = [];

const ordered = defineCallback({
  name: "test.ordered",
  labels: ["order"],
  state: z.object({ sku: z.string() }),
  async run({ responses }) {
    if (!responses.order.ok)
      throw new ContinuationFailure("ORDER_FAILED", `HTTP ${responses.order.statusCode}`);
    return responses.order.body;
  },
});

const authenticated = defineCallback({
  name: "test.authenticated",
  labels: ["token"],
  state: z.object({ sku: z.string() }),
  async run({ state }) {
    return continuation({
      callback: ordered,
      state,
      requests: { order: { method: "POST", url: "callout:ERP/order", body: JSON.stringify(state) } },
    });
  },
});

beforeAll(async () => {
  ({ db, store, cleanup } = await createTestDb());
  server = await startTestServer((req, res) => {
    if (req.url === "/token") return res.end("token");
    const status = orderAnswers.shift() ?? 201;
    res.writeHead(status).end(status === 201 ? "SO-1" : "error");
  });
  runtime = createRuntime({
    store,
    callbacks: [authenticated, ordered],
    credentials: [{ name: "ERP", baseUrl: server.url, headers: () => ({}) }],
  });
});

afterAll(async () => {
  await runtime.close();
  await server.close();
  await cleanup();
});

async function startOrder(owner: string) {
  const { id } = await runtime.start(
    continuation({
      callback: authenticated,
      state: { sku: "A-1" },
      requests: { token: { url: "callout:ERP/token" } },
    }),
    { ownerId: owner, subject: "order:A-1" },
  );
  return runtime.waitUntilFinished(id, owner);
}

describe("retrying a failed chain", () => {
  it("starts it again from the first step with the original's idempotency keys", async () => {
    orderAnswers.push(500);
    const failed = await startOrder("o-1");
    expect(failed).toMatchObject({ status: "failed", step: 1, error: { code: "ORDER_FAILED" } });

    const ticket = await runtime.retry(failed.id, "o-1");
    expect(ticket?.id).toBeDefined();
    expect(ticket?.id).not.toBe(failed.id);
    const retried = await runtime.waitUntilFinished(ticket!.id, "o-1");
    expect(retried).toMatchObject({ status: "completed", result: "SO-1", subject: "order:A-1" });

    const orderKeys = server.requests
      .filter((r) => r.url === "/order")
      .map((r) => r.headers["idempotency-key"]);
    expect(orderKeys).toEqual([`${failed.id}.1.order`, `${failed.id}.1.order`]);
    const tokenKeys = server.requests
      .filter((r) => r.url === "/token")
      .map((r) => r.headers["idempotency-key"]);
    expect(new Set(tokenKeys)).toEqual(new Set([`${failed.id}.0.token`]));
    expect((await db.continuation.findUniqueOrThrow({ where: { id: ticket!.id } })).retryOf).toBe(failed.id);
  });

  it("keeps the first attempt's keys through a retry of a retry", async () => {
    orderAnswers.push(503, 502);
    const first = await startOrder("o-2");
    const second = await runtime.waitUntilFinished((await runtime.retry(first.id, "o-2"))!.id, "o-2");
    expect(second.status).toBe("failed");
    const third = await runtime.waitUntilFinished((await runtime.retry(second.id, "o-2"))!.id, "o-2");
    expect(third.status).toBe("completed");
    const keys = server.requests.filter((r) => r.url === "/order").slice(-3);
    expect(keys.map((r) => r.headers["idempotency-key"])).toEqual(Array(3).fill(`${first.id}.1.order`));
  });

  it("is refused while pending or once completed, and for anyone but the owner", async () => {
    const done = await startOrder("o-3");
    expect(done.status).toBe("completed");
    await expect(runtime.retry(done.id, "o-3")).rejects.toMatchObject({ code: "NOT_RETRYABLE" });
    orderAnswers.push(500);
    const failed = await startOrder("o-3");
    expect(await runtime.retry(failed.id, "someone-else")).toBeNull();
    expect(await db.continuation.count({ where: { retryOf: failed.id } })).toBe(0);
  });
});

describe("the retry action", () => {
  const actionFor = (owner: string | null) =>
    createRetryAction({ runtime: () => runtime, resolveOwner: async () => owner });

  it("answers the new ticket, or says why not", async () => {
    orderAnswers.push(500);
    const failed = await startOrder("o-4");
    const result = await actionFor("o-4")(failed.id);
    expect(result.ok && result.data.id).not.toBe(failed.id);
    if (result.ok) await runtime.waitUntilFinished(result.data.id, "o-4");
    expect(await actionFor("o-4")("not-a-uuid")).toMatchObject({ ok: false, error: { code: "NOT_FOUND" } });
    expect(await actionFor("someone-else")(failed.id)).toMatchObject({
      ok: false,
      error: { code: "NOT_FOUND" },
    });
    expect(await actionFor(null)(failed.id)).toMatchObject({ ok: false, error: { code: "UNAUTHENTICATED" } });
    const done = await startOrder("o-4");
    expect(await actionFor("o-4")(done.id)).toMatchObject({ ok: false, error: { code: "NOT_RETRYABLE" } });
  });
});
