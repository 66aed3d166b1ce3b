import { describe, expect, it } from "vitest";
import { errorCode, setupTestErp, withKey } from "./test-support";

const erp = setupTestErp();

describe("the /lab prefix", () => {
  it("serves the same ERP routes with the same answers and checks", async () => {
    const desk = await erp.fetch("/warranty/SN-1001-A", { headers: withKey });
    const lab = await erp.fetch("/lab/warranty/SN-1001-A", { headers: withKey });
    expect(lab.status).toBe(200);
    expect(await lab.json()).toEqual(await desk.json());
    expect((await erp.fetch("/lab/warranty/SN-1001-A")).status).toBe(401);
    const bad = await erp.fetch("/lab/warranty/not-a-serial", { headers: withKey });
    expect(bad.status).toBe(400);
    expect(await errorCode(bad)).toBe("INVALID_SERIAL");
    expect((await erp.fetch("/lab/health")).status).toBe(404);
    expect((await erp.fetch("/lab/__admin/faults")).status).toBe(404);
  });

  it("keeps faults apart: a lab route's fault never touches the desk's route, and back", async () => {
    await erp.addFault({ route: "GET /lab/warranty/:serial", mode: "status", status: 503 });
    expect((await erp.fetch("/warranty/SN-1001-A", { headers: withKey })).status).toBe(200);
    expect((await erp.fetch("/lab/warranty/SN-1001-A", { headers: withKey })).status).toBe(503);

    await erp.admin("DELETE", "/__admin/faults");
    await erp.addFault({ route: "GET /warranty/:serial", mode: "status", status: 502 });
    expect((await erp.fetch("/lab/warranty/SN-1001-A", { headers: withKey })).status).toBe(200);
    expect((await erp.fetch("/warranty/SN-1001-A", { headers: withKey })).status).toBe(502);
  });

  it("applies a * fault to both", async () => {
    await erp.addFault({ route: "*", mode: "status", status: 500 });
    expect((await erp.fetch("/warranty/SN-1001-A", { headers: withKey })).status).toBe(500);
    expect((await erp.fetch("/lab/warranty/SN-1001-A", { headers: withKey })).status).toBe(500);
  });

  it("counts lab requests under their own route key", async () => {
    await erp.fetch("/lab/warranty/SN-1001-A", { headers: withKey });
    await erp.fetch("/lab/warranty/SN-1001-A", { headers: withKey });
    await erp.fetch("/warranty/SN-1001-A", { headers: withKey });
    expect((await erp.stats()).requests).toEqual({
      "GET /lab/warranty/:serial": 2,
      "GET /warranty/:serial": 1,
    });
  });

  it("refuses a fault for a lab path that is not a route", async () => {
    const res = await erp.admin("POST", "/__admin/faults", { route: "GET /lab/health", mode: "hang" });
    expect(res.status).toBe(400);
    expect(await errorCode(res)).toBe("INVALID_FAULT");
  });
});
