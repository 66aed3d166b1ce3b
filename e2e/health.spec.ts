import { expect, test } from "./fixtures";

test("A monitor sees the desk healthy: database and ERP both answer", async ({ request }) => {
  const response = await request.get("/api/health");
  expect(response.status()).toBe(200);
  expect(response.headers()["cache-control"]).toContain("no-store");
  const body = (await response.json()) as {
    status: string;
    database: { ok: boolean };
    erp: { ok: boolean };
  };
  expect(body.status).toBe("ok");
  expect(body.database.ok).toBe(true);
  expect(body.erp.ok).toBe(true);
});
