import { describe, expect, it } from "vitest";
import { catalogue } from "./catalogue";
import { errorCode, setupTestErp, withKey } from "./test-support";

const erp = setupTestErp();

const get = (path: string, headers: Record<string, string> = withKey): Promise<Response> =>
  erp.fetch(path, { headers });

describe("GET /warranty/:serial/extension", () => {
  it("offers 12, 24 and 36 month extensions priced from the list price", async () => {
    const res = await get("/warranty/SN-1001-A/extension"); // list price 129.90 EUR
    expect(res.status).toBe(200);
    expect(await res.json()).toEqual({
      serial: "SN-1001-A",
      offers: [
        { code: "EXT-12", months: 12, price: { amount: 15.59, currency: "EUR" } },
        { code: "EXT-24", months: 24, price: { amount: 25.98, currency: "EUR" } },
        { code: "EXT-36", months: 36, price: { amount: 35.07, currency: "EUR" } },
      ],
    });
  });

  it("also offers extensions for an expired warranty", async () => {
    const res = await get("/warranty/SN-1002-B/extension"); // list price 149 EUR
    expect(res.status).toBe(200);
    const body = (await res.json()) as { offers: Array<{ price: { amount: number } }> };
    expect(body.offers.map((offer) => offer.price.amount)).toEqual([17.88, 29.8, 40.23]);
  });

  it("is a separate route from GET /warranty/:serial", async () => {
    expect(await (await get("/warranty/SN-1001-A")).json()).toMatchObject({
      serial: "SN-1001-A",
      status: "active",
    });
    await get("/warranty/SN-1001-A/extension");
    await get("/warranty/SN-1001-A/extension");
    expect((await erp.stats()).requests).toEqual({
      "GET /warranty/:serial": 1,
      "GET /warranty/:serial/extension": 2,
    });
    expect((await get("/warranty/SN-1001-A/other")).status).toBe(404);
  });

  it("answers 404 WARRANTY_NOT_FOUND for an unknown serial or a product without warranty", async () => {
    for (const serial of ["SN-5555-X", "SN-9999-Z"]) {
      const res = await get(`/warranty/${serial}/extension`);
      expect(res.status).toBe(404);
      expect(await errorCode(res)).toBe("WARRANTY_NOT_FOUND");
    }
  });

  it("answers 400 INVALID_SERIAL and 401 without the API key", async () => {
    const invalid = await get("/warranty/sn-1001-a/extension");
    expect(invalid.status).toBe(400);
    expect(await errorCode(invalid)).toBe("INVALID_SERIAL");
    const unauthorized = await get("/warranty/SN-1001-A/extension", {});
    expect(unauthorized.status).toBe(401);
    expect(await errorCode(unauthorized)).toBe("UNAUTHORIZED");
  });

  it("can be faulted by its own key", async () => {
    await erp.addFault({ route: "GET /warranty/:serial/extension", mode: "status", status: 503 });
    expect((await get("/warranty/SN-1001-A/extension")).status).toBe(503);
    expect((await get("/warranty/SN-1001-A")).status).toBe(200);
  });
});

describe("dashboard routes", () => {
  it("GET /inventory/:sku reports stock", async () => {
    const res = await get("/inventory/WD-DRILL-18V");
    expect(res.status).toBe(200);
    expect(await res.json()).toEqual({
      sku: "WD-DRILL-18V",
      onHand: 12,
      reserved: 2,
      warehouse: "Berlin-North",
    });
  });

  it("GET /pricing/:sku reports list price, discount and net price", async () => {
    const res = await get("/pricing/WD-SAW-CIRC");
    expect(res.status).toBe(200);
    expect(await res.json()).toEqual({
      sku: "WD-SAW-CIRC",
      listPrice: { amount: 149, currency: "EUR" },
      discountPercent: 5,
      netPrice: { amount: 141.55, currency: "EUR" },
    });
  });

  it("GET /tracking/:sku reports shipments, dated relative to the injected clock", async () => {
    const res = await get("/tracking/WD-DRILL-18V"); // clock: 2026-01-15T12:00:00Z
    expect(res.status).toBe(200);
    expect(await res.json()).toEqual({
      sku: "WD-DRILL-18V",
      openShipments: 0,
      lastShipment: {
        carrier: "DHL",
        trackingNumber: "DHL20000000",
        status: "delivered",
        shippedAt: "2026-01-14T08:00:00.000Z",
      },
    });
  });

  it("answers consistently for every catalogue SKU", async () => {
    for (const item of catalogue) {
      const inventory = (await (await get(`/inventory/${item.sku}`)).json()) as {
        onHand: number;
        reserved: number;
      };
      expect(inventory.reserved).toBeLessThanOrEqual(inventory.onHand);
      expect(inventory.reserved).toBeGreaterThanOrEqual(0);
      const pricing = (await (await get(`/pricing/${item.sku}`)).json()) as {
        listPrice: { amount: number };
        netPrice: { amount: number };
      };
      expect(pricing.listPrice).toEqual(item.listPrice);
      expect(pricing.netPrice.amount).toBeLessThanOrEqual(item.listPrice.amount);
      const tracking = (await (await get(`/tracking/${item.sku}`)).json()) as {
        lastShipment: { shippedAt: string };
      };
      expect(Date.parse(tracking.lastShipment.shippedAt)).toBeLessThan(erp.clock.now.getTime());
    }
    // Same answers on a second call.
    const again = await (await get("/inventory/WD-GEN-3KW")).json();
    expect(await (await get("/inventory/WD-GEN-3KW")).json()).toEqual(again);
  });

  it.each(["inventory", "pricing", "tracking"])("GET /%s/:sku answers 404, 400 and 401", async (route) => {
    const missing = await get(`/${route}/WD-NOPE-1`);
    expect(missing.status).toBe(404);
    expect(await errorCode(missing)).toBe("PRODUCT_NOT_FOUND");
    const invalid = await get(`/${route}/wd-drill-18v`);
    expect(invalid.status).toBe(400);
    expect(await errorCode(invalid)).toBe("INVALID_SKU");
    const unauthorized = await get(`/${route}/WD-DRILL-18V`, {});
    expect(unauthorized.status).toBe(401);
    expect(await errorCode(unauthorized)).toBe("UNAUTHORIZED");
  });

  it("counts each route under its own key and accepts faults for it", async () => {
    await erp.addFault({ route: "GET /pricing/:sku", mode: "status", status: 502, count: 1 });
    expect((await get("/pricing/WD-DRILL-18V")).status).toBe(502);
    await get("/inventory/WD-DRILL-18V");
    await get("/tracking/WD-DRILL-18V");
    expect((await erp.stats()).requests).toEqual({
      "GET /inventory/:sku": 1,
      "GET /pricing/:sku": 1,
      "GET /tracking/:sku": 1,
    });
  });
});
