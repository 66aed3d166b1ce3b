import { expect, signIn, test } from "./fixtures";

test("A monitor sees the desk healthy, and nothing of how it is built", async ({ request }) => {
  const response = await request.get("/api/health");
  expect(response.status()).toBe(200);
  expect(response.headers()["cache-control"]).toContain("no-store");
  // Anyone may ask: only the status, no ERP address, breakers or counters.
  expect(await response.json()).toEqual({ status: "ok" });
});

test("A signed-in agent sees the health details: database, ERP, breakers, runtime", async ({ page }) => {
  await signIn(page, "alice");
  const response = await page.request.get("/api/health");
  expect(response.status()).toBe(200);
  const body = (await response.json()) as Record<string, unknown> & {
    database: { ok: boolean; provider: string };
    erp: { ok: boolean; url?: string };
    breakers: unknown[];
    runtime: { suspended: number };
  };
  expect(body).toMatchObject({ status: "ok", database: { ok: true, provider: "sqlite" }, erp: { ok: true } });
  expect(body.erp.url, "the ERP's address stays on the server").toBeUndefined();
  expect(Array.isArray(body.breakers)).toBe(true);
  expect(typeof body.runtime.suspended).toBe("number");
});
