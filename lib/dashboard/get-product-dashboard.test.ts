import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { CalloutStatus } from "@/lib/continuation";
import { createContinuationHarness } from "@/lib/continuation/testing";
import type { ContinuationStore } from "@/lib/continuation";
import type { Db, DbTransaction } from "@/lib/db";
import { callbacks } from "@/lib/server/callbacks";
import { createTestDb } from "@/lib/testing/test-db";
import { seed } from "@/prisma/seed";
import { getProductDashboard } from "./get-product-dashboard";

let db: Db;
let store: ContinuationStore<DbTransaction>;
let cleanup: () => Promise<void>;
let harness: ReturnType<typeof createContinuationHarness>;

beforeAll(async () => {
  ({ db, store, cleanup } = await createTestDb());
  await seed(db, "warranty-demo");
  harness = createContinuationHarness({ db, store, callbacks });
});
afterAll(() => cleanup());

const eur = (amount: number) => ({ amount, currency: "EUR" });

describe("the product dashboard", () => {
  it("asks for inventory, pricing and tracking in one continuation", async () => {
    const dashboard = await harness.start(getProductDashboard, { productId: "wd-drill-18v" });
    expect(dashboard.labels).toEqual(["inventory", "pricing", "tracking"]);
    expect(dashboard.request("pricing").url).toBe("callout:ERP/pricing/WD-DRILL-18V");
  });

  it("shows every section that answered, and a clear error for the one that did not", async () => {
    const dashboard = await harness.start(getProductDashboard, { productId: "wd-drill-18v" });
    const outcome = await dashboard
      .setResponse("inventory", {
        status: 200,
        body: { sku: "WD-DRILL-18V", onHand: 5, reserved: 1, warehouse: "North" },
      })
      .setResponse("pricing", {
        status: 200,
        body: { sku: "WD-DRILL-18V", listPrice: eur(100), discountPercent: 10, netPrice: eur(90) },
      })
      .setResponse("tracking", CalloutStatus.TIMEOUT)
      .invokeCallback();
    expect(outcome).toMatchObject({
      kind: "completed",
      result: {
        sku: "WD-DRILL-18V",
        inventory: { ok: true, data: { onHand: 5, reserved: 1, warehouse: "North" } },
        pricing: { ok: true, data: { netPrice: eur(90), discountPercent: 10 } },
        tracking: { ok: false, message: expect.stringMatching(/shipment tracking lookup in time/) },
      },
    });
  });
});
