import type { Page } from "@playwright/test";
import { expect, signIn, test } from "./fixtures";

// Hostile requests against the running desk's JSON API, as a signed-in agent's own tools could
// send them: each gets a specific 4xx, and nothing reaches the ERP or the database.

const ORDERS = "/api/orders";
const LOOKUPS = "/api/warranty-lookups";
const order = { productId: "wd-drill-18v", quantity: 1, customerReference: "HARDENING" };

/** The signed-in page's cookie header, for requests made outside the browser. */
async function cookieOf(page: Page): Promise<string> {
  return (await page.context().cookies()).map((c) => `${c.name}=${c.value}`).join("; ");
}

test.beforeEach(async ({ page }) => {
  await signIn(page, "bob");
});

test("An order body that is not JSON, too large or wrongly typed is refused, and nothing is ordered", async ({
  page,
  erp,
}) => {
  const before = await erp.stats();
  const refusals: [string, Parameters<Page["request"]["post"]>[1], number, string][] = [
    [
      "text/plain",
      { headers: { "content-type": "text/plain" }, data: JSON.stringify(order) },
      415,
      "UNSUPPORTED_MEDIA_TYPE",
    ],
    ["a form", { form: { ...order, quantity: "1" } }, 415, "UNSUPPORTED_MEDIA_TYPE"],
    ["2 MiB", { data: { ...order, padding: "x".repeat(2 * 1024 * 1024) } }, 413, "BODY_TOO_LARGE"],
    [
      "truncated JSON",
      { headers: { "content-type": "application/json" }, data: Buffer.from('{"productId":') },
      400,
      "INVALID_JSON",
    ],
    ["quantity true", { data: { ...order, quantity: true } }, 400, "INVALID_INPUT"],
    ["quantity [7]", { data: { ...order, quantity: [7] } }, 400, "INVALID_INPUT"],
    ['quantity "0x10"', { data: { ...order, quantity: "0x10" } }, 400, "INVALID_INPUT"],
  ];
  for (const [what, request, status, code] of refusals) {
    const response = await page.request.post(ORDERS, request);
    expect(response.status(), what).toBe(status);
    expect(((await response.json()) as { error: { code: string } }).error.code, what).toBe(code);
  }
  const after = await erp.stats();
  expect(after.requests["POST /orders"] ?? 0, "no order request reached the ERP").toBe(
    before.requests["POST /orders"] ?? 0,
  );
  await page.goto("/orders");
  await expect(page.getByRole("row").filter({ hasText: "HARDENING" })).toHaveCount(0);
});

test("The API names what is wrong: a control character, an unknown key", async ({ page }) => {
  const injected = await page.request.post(ORDERS, {
    data: { ...order, customerReference: "PO-7\r\nX-Injected: 1" },
  });
  expect(injected.status()).toBe(400);
  expect(await injected.json()).toMatchObject({
    error: {
      code: "INVALID_INPUT",
      message:
        "Invalid input: customerReference must not contain control or bidirectional-formatting characters.",
    },
  });
  const unknown = await page.request.post(LOOKUPS, { data: { productId: "wd-drill-18v", priority: "high" } });
  expect(unknown.status()).toBe(400);
  expect(await unknown.json()).toMatchObject({
    error: { code: "INVALID_INPUT", message: "Invalid input: priority is not a known field." },
  });
});

test("Signed out, the API answers 401 without reading the body", async ({ playwright, baseURL }) => {
  const anonymous = await playwright.request.newContext({ baseURL });
  const response = await anonymous.post(ORDERS, { headers: { "content-type": "text/plain" }, data: "junk" });
  expect(response.status()).toBe(401);
  await anonymous.dispose();
});

test("Another site's page cannot use the API", async ({ page }) => {
  const response = await page.request.post(LOOKUPS, {
    headers: { origin: "https://evil.example" },
    data: { productId: "wd-drill-18v" },
  });
  expect(response.status()).toBe(403);
});

test("One session holds at most 6 live event streams; a closed one frees its place", async ({
  page,
  baseURL,
}) => {
  const cookie = await cookieOf(page);
  const open = async () => {
    const controller = new AbortController();
    const response = await fetch(`${baseURL}/api/continuations/events`, {
      headers: { cookie, accept: "text/event-stream" },
      signal: controller.signal,
    });
    return { status: response.status, response, close: () => controller.abort() };
  };
  await page.goto("/orders"); // the page itself holds one (its broker)
  await expect.poll(async () => (await page.request.get("/api/health")).status()).toBe(200);
  const streams = [];
  for (let i = 0; i < 5; i++) streams.push(await open());
  expect(streams.map((s) => s.status)).toEqual([200, 200, 200, 200, 200]);
  const refused = await open();
  expect(refused.status, "the seventh stream of one session").toBe(429);
  expect(refused.response.headers.get("retry-after")).toBe("30");
  expect(((await refused.response.json()) as { error: { code: string } }).error.code).toBe(
    "TOO_MANY_STREAMS",
  );
  streams[0]!.close();
  await expect
    .poll(async () => {
      const again = await open();
      again.close();
      return again.status;
    })
    .toBe(200);
  for (const stream of streams) stream.close();
});
