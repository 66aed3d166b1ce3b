import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { createRuntime, type Runtime } from "@/lib/continuation";
import type { Db } from "@/lib/db";
import { createOrder } from "@/lib/orders/create-order";
import { orderSubject } from "@/lib/orders/order-views";
import { callbacks } from "@/lib/server/callbacks";
import { startTestServer } from "@/lib/testing/http-server";
import { createTestDb } from "@/lib/testing/test-db";
import { getWarranty } from "@/lib/warranty/get-warranty";
import { warrantySubject } from "@/lib/warranty/warranty-outcome";
import { seed } from "@/prisma/seed";
import { dismissAttention } from "./dismiss-attention";
import { countUnrecordedOrders, listAttention } from "./list-attention";

// The worklist over the real runtime, database and an HTTP server in the ERP's wire format.
let db: Db;
let cleanup: () => Promise<void>;
let erp: Awaited<ReturnType<typeof startTestServer>>;
let runtime: Runtime;
let alice: string;
let bob: string;
let isStatusDown = true;
const numbers = new Map<string, string>(); // idempotency key → order number

beforeAll(async () => {
  let store;
  ({ db, store, cleanup } = await createTestDb());
  await seed(db, "warranty-demo");
  alice = (await db.agent.findUniqueOrThrow({ where: { username: "alice" } })).id;
  bob = (await db.agent.findUniqueOrThrow({ where: { username: "bob" } })).id;
  erp = await startTestServer((req, res) => {
    const path = new URL(req.url ?? "/", "http://x").pathname;
    const send = (status: number, body: unknown) =>
      res.writeHead(status, { "content-type": "application/json" }).end(JSON.stringify(body));
    if (path === "/oauth/token") return send(200, { access_token: "t", token_type: "Bearer" });
    if (path === "/orders") {
      const key = String(req.headers["idempotency-key"]);
      if (!numbers.has(key)) numbers.set(key, `SO-${700001 + numbers.size}`);
      return send(201, {
        orderNumber: numbers.get(key),
        status: "received",
        createdAt: new Date().toISOString(),
      });
    }
    const status = /^\/orders\/(SO-\d{6})\/status$/.exec(path);
    if (status && !isStatusDown) {
      return send(200, { orderNumber: status[1], status: "received", updatedAt: new Date().toISOString() });
    }
    send(500, { error: { code: "DOWN", message: "down" } });
  });
  const credential = { baseUrl: erp.url, allowPrivateNetwork: true, headers: () => ({}) };
  runtime = createRuntime({
    store,
    callbacks,
    credentials: [
      { ...credential, name: "ERP" },
      { ...credential, name: "ERP_OAUTH" },
    ],
    breaker: { failures: 1_000, halfOpenAfterMs: 1_000 },
  });
});

afterAll(async () => {
  await runtime.close();
  await erp.close();
  await cleanup();
});

const deps = () => ({ db, runtime });
async function placeOrder(ownerId: string, productId: string, customerReference: string) {
  const c = await createOrder({ productId, quantity: 2, customerReference }, { ownerId, db });
  const { id } = await runtime.start(c, { ownerId, subject: orderSubject(productId) });
  return runtime.waitUntilFinished(id, ownerId, 20_000);
}
async function lookUpWarranty(ownerId: string, productId: string) {
  const c = await getWarranty({ productId }, { ownerId, db });
  const { id } = await runtime.start(c, { ownerId, subject: warrantySubject(productId) });
  return runtime.waitUntilFinished(id, ownerId, 20_000);
}

describe("the Needs attention worklist", () => {
  it("lists an order the ERP created but the desk did not record, to its owner only, until Retry records it", async () => {
    isStatusDown = true;
    const failed = await placeOrder(alice, "wd-gen-3kw", "PO-UNRECORDED");
    expect(failed).toMatchObject({ status: "failed", step: 2 });
    expect(failed.error?.message).toMatch(
      /^Order SO-\d{6} was created in the ERP; reading its status failed: /,
    );

    const [item, ...others] = await listAttention(deps(), alice);
    expect(others).toEqual([]);
    expect(item).toMatchObject({
      id: failed.id,
      kind: "order",
      label: "Order",
      target: "Generator 3kW",
      detail: "2 × · reference PO-UNRECORDED",
      href: "/products/wd-gen-3kw",
      state: "unrecorded",
      erpNumber: expect.stringMatching(/^SO-\d{6}$/),
      action: "retry",
      canDismiss: false,
    });
    expect(await countUnrecordedOrders(deps(), alice)).toBe(1);
    expect(await listAttention(deps(), bob)).toEqual([]);
    expect(await countUnrecordedOrders(deps(), bob)).toBe(0);
    expect(await dismissAttention(deps(), alice, failed.id)).toMatchObject({
      ok: false,
      error: {
        code: "NOT_DISMISSABLE",
        message: `Order ${item!.erpNumber} exists in the ERP: Retry records it on the desk.`,
      },
    });
    expect(await dismissAttention(deps(), bob, failed.id)).toMatchObject({
      ok: false,
      error: { code: "NOT_FOUND" },
    });

    isStatusDown = false;
    const again = await runtime.retry(failed.id, alice);
    expect(await runtime.waitUntilFinished(again!.id, alice, 20_000)).toMatchObject({ status: "completed" });
    expect(await db.order.count({ where: { erpNumber: item!.erpNumber! } })).toBe(1);
    expect(await listAttention(deps(), alice)).toEqual([]);
    expect(await countUnrecordedOrders(deps(), alice)).toBe(0);
  });

  it("lists a failed lookup until a newer one for the same product, or a Dismiss, takes it off", async () => {
    const first = await lookUpWarranty(bob, "wd-drill-18v");
    expect(first.status).toBe("failed");
    expect(await listAttention(deps(), bob)).toMatchObject([
      {
        id: first.id,
        kind: "warranty",
        target: "Cordless Drill 18V",
        state: "failed",
        action: "retry",
        canDismiss: true,
      },
    ]);
    const second = await lookUpWarranty(bob, "wd-drill-18v");
    expect((await listAttention(deps(), bob)).map((x) => x.id)).toEqual([second.id]);

    expect(await dismissAttention(deps(), alice, second.id)).toMatchObject({
      ok: false,
      error: { code: "NOT_FOUND" },
    });
    expect(await dismissAttention(deps(), bob, second.id)).toEqual({ ok: true, data: { id: second.id } });
    expect(await dismissAttention(deps(), bob, second.id)).toMatchObject({
      ok: false,
      error: { code: "NOT_FOUND" },
    });
    expect(await listAttention(deps(), bob)).toEqual([]);
  });

  it("does not hide an older unrecorded order behind a newer order for the same product", async () => {
    isStatusDown = true;
    const older = await placeOrder(alice, "wd-wash-hp", "PO-OLDER");
    isStatusDown = false;
    const newer = await placeOrder(alice, "wd-wash-hp", "PO-NEWER");
    expect(newer.status).toBe("completed");
    expect((await listAttention(deps(), alice)).map((x) => [x.id, x.state])).toEqual([
      [older.id, "unrecorded"],
    ]);
  });
});
