import { afterAll, beforeAll, beforeEach, describe, expect, it } from "vitest";
import {
  createContinuationAction,
  createRuntime,
  type ContinuationStore,
  type Runtime,
} from "@/lib/continuation";
import { createContinuationHarness } from "@/lib/continuation/testing";
import type { Db, DbTransaction } from "@/lib/db";
import { erpCredentials } from "@/lib/erp/credential";
import { callbacks } from "@/lib/server/callbacks";
import { createTestDb } from "@/lib/testing/test-db";
import { createErpServer, type ErpServer } from "@/mock-services/erp/server";
import { seed } from "@/prisma/seed";
import { getWarrantyBySerial, GetWarrantyBySerialInputSchema } from "./get-warranty-by-serial";
import { listRecentSerialLookups } from "./list-serial-lookups";
import { warrantySerialSubject } from "./warranty-outcome";

const API_KEY = "serial-test-key";

let db: Db;
let store: ContinuationStore<DbTransaction>;
let cleanup: () => Promise<void>;
let erp: ErpServer;
let erpUrl: string;
let runtime: Runtime;
let alice: string;
let bob: string;
let signedIn: string | null;

beforeAll(async () => {
  ({ db, store, cleanup } = await createTestDb());
  await seed(db, "warranty-demo");
  alice = (await db.agent.findUniqueOrThrow({ where: { username: "alice" } })).id;
  bob = (await db.agent.findUniqueOrThrow({ where: { username: "bob" } })).id;
  // The real mock ERP on a random port: its serials beyond the product list are what is looked up.
  erp = createErpServer({ defaultLatencyMs: 0, log: false, apiKey: API_KEY });
  erpUrl = (await erp.listen(0, "127.0.0.1")).url;
  runtime = createRuntime({
    store,
    callbacks,
    credentials: erpCredentials({
      ERP_URL: erpUrl,
      ERP_LAB_URL: `${erpUrl}/lab`,
      ERP_API_KEY: API_KEY,
      ERP_CLIENT_ID: "unused",
      ERP_CLIENT_SECRET: "unused",
    }),
  });
});

afterAll(async () => {
  await runtime.close();
  await erp.close();
  await cleanup();
});

beforeEach(async () => {
  signedIn = alice;
  await fetch(`${erpUrl}/__admin/reset`, { method: "POST" });
});

const continuationAction = createContinuationAction({
  runtime: () => runtime,
  resolveOwner: async () => signedIn,
  db: () => db,
});
// As app/(desk)/actions.ts builds it.
const getWarrantyBySerialAction = continuationAction(GetWarrantyBySerialInputSchema, getWarrantyBySerial, {
  subject: (input) => warrantySerialSubject(input.serial),
  reusePending: true,
});

/** Looks a serial up as the signed-in agent and waits for the answer. */
async function lookUp(serial: string) {
  const started = await getWarrantyBySerialAction({ serial });
  if (!started.ok) throw new Error(`not started: ${started.error.message}`);
  return runtime.waitUntilFinished(started.data.id, signedIn!, 10_000);
}

const erpWarrantyRequests = async () => {
  const stats = (await (await fetch(`${erpUrl}/__admin/stats`)).json()) as {
    requests: Record<string, number>;
  };
  return stats.requests["GET /warranty/:serial"] ?? 0;
};

describe("Get warranty by serial number (start function)", () => {
  it("asks the ERP for the serial and carries no product when the desk lists none", async () => {
    const harness = createContinuationHarness({ db, store, callbacks, ownerId: alice });
    const lookup = await harness.start(getWarrantyBySerial, { serial: "SN-2001-A" });
    expect(lookup.callbackName).toBe("warranty.received");
    expect(lookup.state).toEqual({ serial: "SN-2001-A" });
    expect(lookup.request("warranty")).toMatchObject({
      method: "GET",
      url: "callout:ERP/warranty/SN-2001-A",
      idempotencyKey: `${lookup.id}.0.warranty`,
    });
  });

  it("records the check against the product when the serial is one of the product list's", async () => {
    const harness = createContinuationHarness({ db, store, callbacks, ownerId: alice });
    const lookup = await harness.start(getWarrantyBySerial, { serial: "SN-1001-A" });
    expect(lookup.state).toEqual({ productId: "wd-drill-18v", serial: "SN-1001-A" });
    await lookup
      .setResponse("warranty", {
        status: 200,
        body: {
          serial: "SN-1001-A",
          sku: "WD-DRILL-18V",
          status: "active",
          startDate: "2026-06-30",
          endDate: "2029-06-30",
        },
      })
      .invokeCallback();
    expect(await db.warrantyCheck.findUniqueOrThrow({ where: { continuationId: lookup.id } })).toMatchObject({
      productId: "wd-drill-18v",
      serial: "SN-1001-A",
      outcome: "active",
    });
  });
});

describe("An agent looks up a serial that is not in the product list (action, runtime, mock ERP)", () => {
  it("gets an active warranty, recorded with the serial and no product", async () => {
    const view = await lookUp(" sn 2001 a ");
    expect(view).toMatchObject({
      status: "completed",
      subject: "warranty-serial:SN-2001-A",
      result: { outcome: "active", serial: "SN-2001-A", endDate: "2031-04-30" },
    });
    const check = await db.warrantyCheck.findUniqueOrThrow({ where: { continuationId: view.id } });
    expect(check).toMatchObject({ productId: null, serial: "SN-2001-A", agentId: alice, outcome: "active" });
  });

  it("gets an expired warranty with its extension offers", async () => {
    const view = await lookUp("SN-2002-B");
    expect(view).toMatchObject({ status: "completed", step: 1 });
    expect(view.result).toEqual({
      outcome: "expired",
      serial: "SN-2002-B",
      endDate: "2024-05-31",
      offers: [
        { code: "EXT-12", months: 12, price: { amount: 17.88, currency: "EUR" } },
        { code: "EXT-24", months: 24, price: { amount: 29.8, currency: "EUR" } },
        { code: "EXT-36", months: 36, price: { amount: 40.23, currency: "EUR" } },
      ],
      offersError: null,
    });
    expect(await db.warrantyCheck.count({ where: { continuationId: view.id, productId: null } })).toBe(1);
  });

  it.each(["SN-2003-C", "SN-4040-X"])("hears that the ERP knows no warranty for %s", async (serial) => {
    const view = await lookUp(serial);
    expect(view).toMatchObject({ status: "completed", result: { outcome: "not_found", serial } });
  });

  it("is told what is wrong with a malformed serial, and nothing is started", async () => {
    signedIn = bob;
    const before = await db.continuation.count({ where: { ownerId: bob } });
    const result = await getWarrantyBySerialAction({ serial: "SN-10O1-A" });
    expect(result).toEqual({
      ok: false,
      error: {
        code: "INVALID_INPUT",
        message: "Invalid input: serial must look like SN-1001-A: SN, four digits and one letter.",
        fieldErrors: { serial: ["must look like SN-1001-A: SN, four digits and one letter"] },
      },
    });
    expect(await db.continuation.count({ where: { ownerId: bob } })).toBe(before);
    expect(await erpWarrantyRequests()).toBe(0);
  });

  it("asks the ERP once when the same serial is submitted twice while pending", async () => {
    await fetch(`${erpUrl}/__admin/faults`, {
      method: "POST",
      headers: { "content-type": "application/json" },
      body: JSON.stringify({ route: "GET /warranty/:serial", mode: "latency", latencyMs: 400, count: 1 }),
    });
    const first = await getWarrantyBySerialAction({ serial: "SN-2001-A" });
    const second = await getWarrantyBySerialAction({ serial: "sn-2001-a" });
    expect(first.ok && second.ok && second.data.id === first.data.id).toBe(true);
    if (first.ok) await runtime.waitUntilFinished(first.data.id, alice, 10_000);
    expect(await erpWarrantyRequests()).toBe(1);
  });
});

describe("An agent's recent serial lookups", () => {
  it("are their own, newest first, each serial once, at most the limit", async () => {
    signedIn = bob;
    for (const serial of ["SN-2001-A", "SN-2002-B", "SN-7777-Q", "SN-2001-A", "SN-4040-X"]) {
      await lookUp(serial);
    }
    expect(await listRecentSerialLookups(db, bob)).toEqual([
      "SN-4040-X",
      "SN-2001-A",
      "SN-7777-Q",
      "SN-2002-B",
    ]);
    expect(await listRecentSerialLookups(db, bob, 2)).toEqual(["SN-4040-X", "SN-2001-A"]);
    // Alice's, from the tests above (the harness's lookups are never stored as continuations).
    expect(await listRecentSerialLookups(db, alice)).toEqual([
      "SN-2001-A",
      "SN-4040-X",
      "SN-2003-C",
      "SN-2002-B",
    ]);
    expect(await listRecentSerialLookups(db, "nobody")).toEqual([]);
  });
});
