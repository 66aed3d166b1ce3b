import { describe, expect, it } from "vitest";
import { catalogue, findBySerial, findBySku, otherSoldUnits } from "./catalogue";
import { errorCode, setupTestErp, withKey } from "./test-support";

const erp = setupTestErp(); // clock at 2026-01-15

const get = (path: string): Promise<Response> => erp.fetch(path, { headers: withKey });

describe("serials beyond the product list", () => {
  it("are units of catalogue products, each serial known once and none of them seeded", () => {
    const serials = [...catalogue, ...otherSoldUnits].map((entry) => entry.serial);
    expect(new Set(serials).size).toBe(serials.length);
    for (const unit of otherSoldUnits) {
      expect(findBySku(unit.sku), unit.sku).toBeDefined();
      expect(catalogue.some((item) => item.serial === unit.serial)).toBe(false);
      expect(unit.serial).toMatch(/^SN-\d{4}-[A-Z]$/); // the desk's serial number format
    }
  });

  it("are found with their own serial and warranty, and their product's SKU and price", () => {
    expect(findBySerial("SN-2002-B")).toEqual({
      sku: "WD-SAW-CIRC",
      name: "Circular Saw 1400W",
      serial: "SN-2002-B",
      listPrice: { amount: 149, currency: "EUR" },
      warranty: { startDate: "2022-05-31", endDate: "2024-05-31" },
    });
    expect(findBySerial("SN-1002-B")?.warranty?.endDate).toBe("2024-03-15");
    expect(findBySerial("sn-2002-b")).toBeUndefined();
  });

  it("answer the warranty lookup: active, expired, or 404 without a warranty", async () => {
    const active = await get("/warranty/SN-2001-A");
    expect(await active.json()).toEqual({
      serial: "SN-2001-A",
      sku: "WD-DRILL-18V",
      status: "active",
      startDate: "2026-04-30",
      endDate: "2031-04-30",
    });
    expect(await (await get("/warranty/SN-2002-B")).json()).toMatchObject({
      serial: "SN-2002-B",
      sku: "WD-SAW-CIRC",
      status: "expired",
      endDate: "2024-05-31",
    });
    const none = await get("/warranty/SN-2003-C");
    expect(none.status).toBe(404);
    expect(await errorCode(none)).toBe("WARRANTY_NOT_FOUND");
  });

  it("offer extensions priced from their product's list price", async () => {
    const res = await get("/warranty/SN-2002-B/extension"); // Circular Saw, list price 149 EUR
    expect(res.status).toBe(200);
    const body = (await res.json()) as { serial: string; offers: Array<{ price: { amount: number } }> };
    expect(body.serial).toBe("SN-2002-B");
    expect(body.offers.map((offer) => offer.price.amount)).toEqual([17.88, 29.8, 40.23]);
    expect((await get("/warranty/SN-2003-C/extension")).status).toBe(404);
  });
});
