import { expect, signIn, test } from "./fixtures";

// The three ways Get warranty can wait, through the real endpoint (`POST /api/warranty-lookups`).
// The e2e app runs with an org limit of 2 requests over 1 s and a 1 s fail-fast timeout
// (playwright.config.ts), so the limits are reached in seconds.

const LOOKUP = "/api/warranty-lookups";

test.beforeEach(async ({ page }) => {
  await signIn(page, "bob");
});

test("synchronous mode answers with the warranty once the ERP has", async ({ page, erp }) => {
  await erp.fault({ mode: "latency", latencyMs: 300, count: 1 });
  const response = await page.request.post(LOOKUP, {
    data: { productId: "wd-drill-18v", mode: "synchronous" },
  });
  expect(response.status()).toBe(200);
  expect(await response.json()).toEqual({
    result: { outcome: "active", serial: "SN-1001-A", endDate: "2029-06-30" },
  });
});

test("the org limit refuses a synchronous request while 2 have run longer than 1 s", async ({
  page,
  erp,
}) => {
  await erp.fault({ mode: "latency", latencyMs: 2_500, count: 2 });
  const slow = [1, 2].map(() =>
    page.request.post(LOOKUP, { data: { productId: "wd-drill-18v", mode: "synchronous" } }),
  );
  // Both are admitted at once (nothing is long-running yet); after 1 s both count.
  await page.waitForTimeout(1_400);
  const refused = await page.request.post(LOOKUP, {
    data: { productId: "wd-grind-125", mode: "synchronous" },
  });
  expect(refused.status()).toBe(503);
  expect(await refused.json()).toEqual({
    error: {
      code: "CONCURRENT_REQUESTS_LIMIT",
      message: "Unable to process request. Concurrent requests limit exceeded.",
    },
  });
  for (const response of await Promise.all(slow)) expect(response.status()).toBe(200);
  // Once they are done, synchronous requests are admitted again.
  const again = await page.request.post(LOOKUP, {
    data: { productId: "wd-grind-125", mode: "synchronous" },
  });
  expect(again.status()).toBe(200);
});

test("fail fast gives up after its timeout and says the ERP did not answer in time", async ({
  page,
  erp,
}) => {
  await erp.fault({ mode: "latency", latencyMs: 3_000, count: 1 });
  const started = Date.now();
  const response = await page.request.post(LOOKUP, {
    data: { productId: "wd-drill-18v", mode: "fail-fast" },
  });
  expect(response.status()).toBe(504);
  expect(await response.json()).toEqual({
    error: { code: "ERP_TIMEOUT", message: "The ERP did not answer the warranty lookup in time." },
  });
  expect(Date.now() - started).toBeLessThan(2_900); // gave up before the ERP answered
  // The timeout counted towards the ERP's circuit breaker; a success starts the count again.
  const ok = await page.request.post(LOOKUP, { data: { productId: "wd-drill-18v", mode: "synchronous" } });
  expect(ok.status()).toBe(200);
});

test("an unknown mode is refused with a message naming the modes", async ({ page }) => {
  const response = await page.request.post(LOOKUP, {
    data: { productId: "wd-drill-18v", mode: "eventually" },
  });
  expect(response.status()).toBe(400);
  expect(await response.json()).toEqual({
    error: { code: "INVALID_INPUT", message: "mode must be synchronous, fail-fast or continuation" },
  });
});
