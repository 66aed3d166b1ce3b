import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { z } from "zod";
import type { DbTransaction } from "@/lib/db";
import { startTestServer } from "@/lib/testing/http-server";
import { createTestDb } from "@/lib/testing/test-db";
import { continuation, defineCallback } from "./define/continuation";
import { createRuntime, MAX_LIST_LIMIT, type Runtime } from "./engine/runtime";
import { ContinuationFailure } from "./errors";
import type { ContinuationStore } from "./store/store";

// `Runtime.listByOwner`: the owner's work by status, newest first, each intent once, with the
// state the server may need (never in the public view).
let store: ContinuationStore<DbTransaction>;
let cleanupDb: () => Promise<void>;
let erp: Awaited<ReturnType<typeof startTestServer>>;
let runtime: Runtime;
let isDown = true;

const second = defineCallback({
  name: "listing.second",
  labels: ["status"],
  state: z.object({ orderNumber: z.string() }),
  async run({ state, responses }) {
    if (!responses.status.ok) throw new ContinuationFailure("DOWN", `No status for ${state.orderNumber}.`);
    return state.orderNumber;
  },
});
const first = defineCallback({
  name: "listing.first",
  labels: ["order"],
  state: z.null(),
  async run() {
    return continuation({
      callback: second,
      state: { orderNumber: "SO-100042" },
      requests: { status: { url: "callout:ERP/status" } },
    });
  },
});

beforeAll(async () => {
  ({ store, cleanup: cleanupDb } = await createTestDb());
  erp = await startTestServer((req, res) => {
    res.writeHead(req.url === "/status" && isDown ? 500 : 200).end();
  });
  runtime = createRuntime({
    store,
    callbacks: [first, second],
    credentials: [{ name: "ERP", baseUrl: erp.url, allowPrivateNetwork: true, headers: () => ({}) }],
  });
});

afterAll(async () => {
  await runtime.close();
  await erp.close();
  await cleanupDb();
});

const order = () =>
  continuation({
    callback: first,
    state: null,
    requests: { order: { method: "POST", url: "callout:ERP/order" } },
  });

describe("listing an owner's continuations", () => {
  it("gives records whose state the server can read, while the view holds none", async () => {
    const { id } = await runtime.start(order(), { ownerId: "alice", subject: "order:x" });
    await runtime.waitUntilFinished(id, "alice", 15_000);
    const [record, ...rest] = await runtime.listByOwner("alice", { statuses: ["failed"], limit: 10 });
    expect(rest).toEqual([]);
    expect(record).toMatchObject({
      callbackName: "listing.second",
      state: { orderNumber: "SO-100042" },
      retryOf: null,
      view: { id, status: "failed", step: 1, subject: "order:x", error: { code: "DOWN" } },
    });
    expect(record!.view).not.toHaveProperty("state");
    expect(await runtime.listByOwner("bob", { statuses: ["failed", "pending"], limit: 10 })).toEqual([]);

    // Retried and completed: the intent is no longer among the failed ones.
    isDown = false;
    const again = await runtime.retry(id, "alice");
    await runtime.waitUntilFinished(again!.id, "alice", 15_000);
    expect(await runtime.listByOwner("alice", { statuses: ["failed"], limit: 10 })).toEqual([]);
    const [done] = await runtime.listByOwner("alice", { statuses: ["completed"], limit: 10 });
    expect(done).toMatchObject({ retryOf: id, view: { id: again!.id, status: "completed" } });
  });

  it.each([0, -1, 1.5, MAX_LIST_LIMIT + 1])("refuses a limit of %s", async (limit) => {
    await expect(runtime.listByOwner("alice", { statuses: ["failed"], limit })).rejects.toMatchObject({
      code: "INVALID_LIST_LIMIT",
    });
  });
});
