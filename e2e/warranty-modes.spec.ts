import { expect, signIn, test, WARRANTY_ROUTE } from "./fixtures";

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
  // The two run 5 s: long enough that the third request comes while both still run, on a busy
  // machine too. If it came after they finished it would be admitted, and the test would fail,
  // never pass wrongly.
  const sent = async () => (await erp.stats()).requests[WARRANTY_ROUTE] ?? 0;
  const before = await sent();
  await erp.fault({ mode: "latency", latencyMs: 5_000, count: 2 });
  let settled = 0;
  const slow = [1, 2].map(() =>
    page.request
      .post(LOOKUP, { data: { productId: "wd-drill-18v", mode: "synchronous" } })
      .finally(() => settled++),
  );
  // Both are admitted at once (nothing is long-running yet) and have reached the ERP; from then on,
  // after 1 s both count as long-running (the wait is measured from after their admission).
  await expect.poll(sent, { message: "both requests reached the ERP" }).toBe(before + 2);
  await page.waitForTimeout(1_200);
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
  expect(settled, "the two were still running when the third was refused").toBe(0);
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
  // The ERP never answers: a 504 can only be fail fast giving up, however long the round trip took.
  await erp.fault({ mode: "hang" });
  const started = Date.now();
  const response = await page.request.post(LOOKUP, {
    data: { productId: "wd-drill-18v", mode: "fail-fast" },
  });
  const elapsed = Date.now() - started;
  expect(response.status()).toBe(504);
  expect(await response.json()).toEqual({
    error: { code: "ERP_TIMEOUT", message: "The ERP did not answer the warranty lookup in time." },
  });
  expect(elapsed, "it waited its 1 s timeout first").toBeGreaterThanOrEqual(1_000);
  await erp.clearFaults();
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
    error: {
      code: "INVALID_INPUT",
      message: "Invalid input: mode must be synchronous, fail-fast or continuation.",
    },
  });
});
