import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { CalloutStatus } from "@/lib/continuation";
import {
  createContinuationHarness,
  type TestContinuation,
  type TestOutcome,
} from "@/lib/continuation/testing";
import type { ContinuationStore } from "@/lib/continuation";
import type { Db, DbTransaction } from "@/lib/db";
import { callbacks } from "@/lib/server/callbacks";
import { createTestDb } from "@/lib/testing/test-db";
import { seed } from "@/prisma/seed";
import { createOrder } from "./create-order";
import { refreshOrderStatus } from "./refresh-order-status";

let db: Db;
let store: ContinuationStore<DbTransaction>;
let cleanup: () => Promise<void>;
let harness: ReturnType<typeof createContinuationHarness>;

beforeAll(async () => {
  ({ db, store, cleanup } = await createTestDb());
  await seed(db, "warranty-demo");
  const alice = await db.agent.findUniqueOrThrow({ where: { username: "alice" } });
  harness = createContinuationHarness({ db, store, callbacks, ownerId: alice.id });
});
afterAll(() => cleanup());

const input = { productId: "wd-drill-18v", quantity: 2, customerReference: "PO-1" };
const token = { status: 200, body: { access_token: "tok-123", token_type: "Bearer", expires_in: 300 } };
const created = (orderNumber: string) => ({
  status: 201,
  body: { orderNumber, status: "received", createdAt: "2026-11-23T10:00:00.000Z" },
});
const statusOf = (orderNumber: string, status = "received") => ({
  status: 200,
  body: { orderNumber, status, updatedAt: "2026-11-23T10:00:01.000Z" },
});

function next(outcome: TestOutcome): TestContinuation {
  if (outcome.kind !== "continued")
    throw new Error(`expected the chain to go on, got ${JSON.stringify(outcome)}`);
  return outcome.next;
}

describe("Create order", () => {
  it("authenticates, creates the order with the token, reads its status, and only then writes the row", async () => {
    const auth = await harness.start(createOrder, input);
    expect(auth.request("token")).toMatchObject({
      method: "POST",
      url: "callout:ERP_OAUTH/oauth/token",
      body: "grant_type=client_credentials",
    });
    expect(JSON.stringify(auth.request("token"))).not.toContain("secret");

    const create = next(await auth.setResponse("token", token).invokeCallback());
    expect(create.step).toBe(1);
    const orderRequest = create.request("order");
    expect(orderRequest).toMatchObject({ method: "POST", url: "callout:ERP/orders" });
    expect(orderRequest.headers.authorization).toBe("Bearer tok-123");
    expect(JSON.parse(orderRequest.body ?? "")).toEqual({
      sku: "WD-DRILL-18V",
      quantity: 2,
      customerReference: "PO-1",
    });
    expect(orderRequest.idempotencyKey).toBe(`${auth.id}.1.order`);
    expect(await db.order.count()).toBe(0);

    const read = next(await create.setResponse("order", created("SO-100001")).invokeCallback());
    // The order exists in the ERP from here on: its status read retries a passing failure by itself.
    expect(read.request("status")).toMatchObject({
      url: "callout:ERP/orders/SO-100001/status",
      retryOn: [429, 502, 503, 504],
      retry: { attempts: 5, baseMs: 250, maxMs: 2_000 },
    });
    expect(await db.order.count()).toBe(0);

    const done = await read.setResponse("status", statusOf("SO-100001")).invokeCallback();
    expect(done).toEqual({
      kind: "completed",
      result: { orderNumber: "SO-100001", status: "received", quantity: 2, customerReference: "PO-1" },
    });
    expect(await db.order.findUniqueOrThrow({ where: { erpNumber: "SO-100001" } })).toMatchObject({
      status: "received",
      productId: "wd-drill-18v",
      agentId: harness.ownerId,
      quantity: 2,
      customerReference: "PO-1",
      continuationId: auth.id,
    });
  });

  it("keeps one row when a retry's chain names an order that is already recorded", async () => {
    const auth = await harness.start(createOrder, input);
    const create = next(await auth.setResponse("token", token).invokeCallback());
    const read = next(await create.setResponse("order", created("SO-100001")).invokeCallback());
    await read.setResponse("status", statusOf("SO-100001", "confirmed")).invokeCallback();
    expect(await db.order.count({ where: { erpNumber: "SO-100001" } })).toBe(1);
    expect((await db.order.findUniqueOrThrow({ where: { erpNumber: "SO-100001" } })).status).toBe(
      "confirmed",
    );
  });

  it.each([
    ["token", { status: 401, body: "" }, "ERP_UNAUTHORIZED", /the sign-in/],
    ["token", { status: 200, body: "{" }, "ERP_BAD_RESPONSE", /the sign-in/],
    ["order", { status: 500, body: "" }, "ERP_ERROR", /order creation.*HTTP 500/],
    ["order", CalloutStatus.TIMEOUT, "ERP_TIMEOUT", /order creation in time/],
    [
      "status",
      { status: 200, body: '{"status":"teleported"}' },
      "ERP_BAD_RESPONSE",
      /^Order SO-200001 was created in the ERP; reading its status failed: The ERP sent an unreadable answer to the order status read\.$/,
    ],
    [
      "status",
      CalloutStatus.CONNECTION_FAILED,
      "ERP_UNREACHABLE",
      /^Order SO-200001 was created in the ERP; reading its status failed: .*order status read/,
    ],
  ] as const)(
    "fails at the %s step on %j, naming the step, and writes no order",
    async (step, response, code, message) => {
      const before = await db.order.count();
      let current = await harness.start(createOrder, { ...input, customerReference: `F-${step}-${code}` });
      const answers = { token, order: created("SO-200001"), status: statusOf("SO-200001") };
      for (const label of ["token", "order", "status"] as const) {
        const outcome = await current
          .setResponse(label, label === step ? response : answers[label])
          .invokeCallback();
        if (label === step) {
          expect(outcome).toMatchObject({
            kind: "failed",
            error: { code, message: expect.stringMatching(message) },
          });
          break;
        }
        current = next(outcome);
      }
      expect(await db.order.count()).toBe(before);
    },
  );

  it("refuses an ERP number the desk already holds for a different order", async () => {
    const auth = await harness.start(createOrder, { ...input, customerReference: "OTHER" });
    const create = next(await auth.setResponse("token", token).invokeCallback());
    const read = next(await create.setResponse("order", created("SO-100001")).invokeCallback());
    const outcome = await read.setResponse("status", statusOf("SO-100001")).invokeCallback();
    expect(outcome).toMatchObject({ kind: "failed", error: { code: "ERP_ORDER_CONFLICT" } });
    expect((await db.order.findUniqueOrThrow({ where: { erpNumber: "SO-100001" } })).customerReference).toBe(
      "PO-1",
    );
  });

  it("refuses a product the desk does not know", async () => {
    await expect(harness.start(createOrder, { ...input, productId: "nope" })).rejects.toMatchObject({
      code: "PRODUCT_NOT_FOUND",
    });
  });
});

describe("Refresh status", () => {
  it("updates the order found by its ERP number", async () => {
    const refresh = await harness.start(refreshOrderStatus, { orderNumber: "SO-100001" });
    expect(refresh.request("status").url).toBe("callout:ERP/orders/SO-100001/status");
    const outcome = await refresh.setResponse("status", statusOf("SO-100001", "shipped")).invokeCallback();
    expect(outcome).toMatchObject({
      kind: "completed",
      result: { orderNumber: "SO-100001", status: "shipped" },
    });
    expect((await db.order.findUniqueOrThrow({ where: { erpNumber: "SO-100001" } })).status).toBe("shipped");
  });

  it("refuses an order that is not the agent's", async () => {
    const bob = await db.agent.findUniqueOrThrow({ where: { username: "bob" } });
    const asBob = createContinuationHarness({ db, store, callbacks, ownerId: bob.id });
    await expect(asBob.start(refreshOrderStatus, { orderNumber: "SO-100001" })).rejects.toMatchObject({
      code: "ORDER_NOT_FOUND",
    });
  });
});
