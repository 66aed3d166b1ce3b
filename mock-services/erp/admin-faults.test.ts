import { describe, expect, it } from "vitest";
import { errorCode, setupTestErp, withKey } from "./test-support";
import type { ErrorJson } from "./test-support";

const erp = setupTestErp();

const faultIds = async () =>
  ((await (await erp.admin("GET", "/__admin/faults")).json()) as { faults: { id: string }[] }).faults.map(
    (f) => f.id,
  );

const productStatus = async () => (await erp.fetch("/products/WD-DRILL-18V", { headers: withKey })).status;
const warrantyStatus = async () => (await erp.fetch("/warranty/SN-1001-A", { headers: withKey })).status;

describe("DELETE /__admin/faults/:id", () => {
  it("removes only that fault, which then no longer applies", async () => {
    const products = await erp.addFault({ route: "GET /products/:sku", mode: "status", status: 503 });
    const warranty = await erp.addFault({ route: "GET /warranty/:serial", mode: "status", status: 502 });
    expect([await productStatus(), await warrantyStatus()]).toEqual([503, 502]);

    const res = await erp.admin("DELETE", `/__admin/faults/${products}`);
    expect(res.status).toBe(200);
    expect(await res.json()).toEqual({ removed: products });
    expect(await faultIds()).toEqual([warranty]);
    expect([await productStatus(), await warrantyStatus()]).toEqual([200, 502]);
  });

  it("answers 404 FAULT_NOT_FOUND for an unknown id and leaves the faults as they were", async () => {
    const kept = await erp.addFault({ route: "*", mode: "status", status: 503 });
    const res = await erp.admin("DELETE", "/__admin/faults/fault-999");
    expect(res.status).toBe(404);
    expect((await res.json()) as ErrorJson).toEqual({
      error: { code: "FAULT_NOT_FOUND", message: "No fault with id fault-999." },
    });
    expect(await faultIds()).toEqual([kept]);
  });

  it("answers 404 for a fault already removed", async () => {
    const id = await erp.addFault({ route: "*", mode: "hang" });
    expect((await erp.admin("DELETE", `/__admin/faults/${id}`)).status).toBe(200);
    const again = await erp.admin("DELETE", `/__admin/faults/${id}`);
    expect(again.status).toBe(404);
    expect(await errorCode(again)).toBe("FAULT_NOT_FOUND");
  });
});
