import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { CalloutStatus } from "@/lib/continuation";
import { createContinuationHarness } from "@/lib/continuation/testing";
import type { ContinuationStore } from "@/lib/continuation";
import type { Db, DbTransaction } from "@/lib/db";
import { callbacks } from "@/lib/server/callbacks";
import { createTestDb } from "@/lib/testing/test-db";
import { seed } from "@/prisma/seed";
import { getWarranty } from "./get-warranty";

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

const drill = { productId: "wd-drill-18v" };
const activeAnswer = {
  serial: "SN-1001-A",
  sku: "WD-DRILL-18V",
  status: "active",
  startDate: "2026-06-30",
  endDate: "2029-06-30",
};

describe("Get warranty", () => {
  it("asks the ERP for the product's serial through the ERP credential", async () => {
    const lookup = await harness.start(getWarranty, drill);
    expect(lookup.labels).toEqual(["warranty"]);
    expect(lookup.request("warranty")).toMatchObject({
      method: "GET",
      url: "callout:ERP/warranty/SN-1001-A",
      idempotencyKey: `${lookup.id}.0.warranty`,
    });
    expect(lookup.timeoutSeconds).toBe(30);
  });

  it("refuses a product the desk does not know", async () => {
    await expect(harness.start(getWarranty, { productId: "no-such" })).rejects.toMatchObject({
      code: "PRODUCT_NOT_FOUND",
    });
  });

  it("records an active warranty and returns it for the desk", async () => {
    const lookup = await harness.start(getWarranty, drill);
    const outcome = await lookup
      .setResponse("warranty", { status: 200, body: activeAnswer })
      .invokeCallback();
    expect(outcome).toEqual({
      kind: "completed",
      result: { outcome: "active", serial: "SN-1001-A", endDate: "2029-06-30" },
    });
    const check = await db.warrantyCheck.findUniqueOrThrow({ where: { continuationId: lookup.id } });
    expect(check).toMatchObject({ outcome: "active", productId: "wd-drill-18v", agentId: harness.ownerId });
    expect(check.endDate?.toISOString()).toBe("2029-06-30T00:00:00.000Z");
  });

  it("records that the ERP knows no warranty for the serial", async () => {
    const lookup = await harness.start(getWarranty, drill);
    const outcome = await lookup
      .setResponse("warranty", { status: 404, body: { error: {} } })
      .invokeCallback();
    expect(outcome).toEqual({ kind: "completed", result: { outcome: "not_found", serial: "SN-1001-A" } });
    expect(await db.warrantyCheck.count({ where: { continuationId: lookup.id, outcome: "not_found" } })).toBe(
      1,
    );
  });

  it("goes on to the extension offers when the warranty has expired, and records it with them", async () => {
    const lookup = await harness.start(getWarranty, drill);
    const first = await lookup
      .setResponse("warranty", {
        status: 200,
        body: { ...activeAnswer, status: "expired", endDate: "2024-01-31" },
      })
      .invokeCallback();
    if (first.kind !== "continued") throw new Error(`expected a chain, got ${first.kind}`);
    expect(first.next.request("extension").url).toBe("callout:ERP/warranty/SN-1001-A/extension");
    expect(await db.warrantyCheck.count({ where: { continuationId: lookup.id } })).toBe(0);

    const offers = [{ code: "EXT-12", months: 12, price: { amount: 15.59, currency: "EUR" } }];
    const done = await first.next
      .setResponse("extension", { status: 200, body: { serial: "SN-1001-A", offers } })
      .invokeCallback();
    expect(done).toEqual({
      kind: "completed",
      result: { outcome: "expired", serial: "SN-1001-A", endDate: "2024-01-31", offers, offersError: null },
    });
    expect(await db.warrantyCheck.count({ where: { continuationId: lookup.id, outcome: "expired" } })).toBe(
      1,
    );
  });

  it("still shows an expired warranty when the extension offers fail", async () => {
    const lookup = await harness.start(getWarranty, drill);
    const first = await lookup
      .setResponse("warranty", {
        status: 200,
        body: { ...activeAnswer, status: "expired", endDate: "2024-01-31" },
      })
      .invokeCallback();
    if (first.kind !== "continued") throw new Error(`expected a chain, got ${first.kind}`);
    const done = await first.next.setResponse("extension", { status: 503 }).invokeCallback();
    expect(done).toMatchObject({
      kind: "completed",
      result: {
        outcome: "expired",
        offers: null,
        offersError: expect.stringMatching(/extension lookup.*HTTP 503/),
      },
    });
  });

  it.each([
    [{ status: 500, body: "oops" }, "ERP_ERROR"],
    [{ status: 200, body: "{truncated" }, "ERP_BAD_RESPONSE"],
    [CalloutStatus.TIMEOUT, "ERP_TIMEOUT"],
    [CalloutStatus.CONNECTION_FAILED, "ERP_UNREACHABLE"],
    [CalloutStatus.RESPONSE_TOO_LARGE, "ERP_RESPONSE_TOO_LARGE"],
  ] as const)(
    "fails with a clear reason and writes nothing when the ERP answers %j",
    async (response, code) => {
      const lookup = await harness.start(getWarranty, drill);
      const outcome = await lookup.setResponse("warranty", response).invokeCallback();
      expect(outcome).toMatchObject({ kind: "failed", error: { code } });
      expect(await db.warrantyCheck.count({ where: { continuationId: lookup.id } })).toBe(0);
    },
  );
});
