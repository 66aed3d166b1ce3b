import type { Page, TestInfo } from "@playwright/test";
import { ensureAgent } from "./agents";
import {
  deskIsLive,
  expect,
  gotoProduct,
  OrderSection,
  OrdersPage,
  PRODUCTS,
  screenshot,
  signIn,
  test,
} from "./fixtures";
import { clippedControls } from "./page-checks";

// Every page on a 390 px phone: no control cut off or out of reach, and no page scrolling
// sideways. As an agent of this spec's own, with a long name, whose states are this spec's own.

const AGENT = { username: "maximiliane", displayName: "Maximiliane Oberhauser-Lindqvist" };
const drill = PRODUCTS.find((p) => p.name === "Cordless Drill 18V")!;
const saw = PRODUCTS.find((p) => p.name === "Circular Saw 1400W")!;
const grinder = PRODUCTS.find((p) => p.name === "Angle Grinder 125mm")!;

test.use({ viewport: { width: 390, height: 844 } });
test.beforeAll(() => ensureAgent(AGENT.username, AGENT.displayName));

/** Asserts nothing on the page is clipped, and keeps a screenshot to look at (phone-<name>.png). */
async function expectNothingClipped(page: Page, testInfo: TestInfo, name: string) {
  expect(await clippedControls(page), `clipped controls on ${name}`).toEqual([]);
  await page.evaluate(() => window.scrollTo(0, 0));
  await screenshot(page, testInfo, `phone-${name}`);
}

async function open(page: Page, path: string) {
  const live = deskIsLive(page);
  const response = await page.goto(path);
  await live;
  return response;
}

test("Every page of the desk fits a 390 px phone", async ({ page, desk, erp }, testInfo) => {
  test.setTimeout(120_000);
  await page.goto("/sign-in");
  await expect(page.getByRole("button", { name: "Sign in" })).toBeVisible();
  await expectNothingClipped(page, testInfo, "sign-in");

  await signIn(page, AGENT.username);
  await expectNothingClipped(page, testInfo, "products");

  // The longest things a row can show: a result with extension offers, and a failure.
  await desk.getWarranty(drill.name).click();
  await expect(desk.status(drill.name)).toHaveText("Active until 30 Jun 2029");
  await desk.getWarranty(saw.name).click();
  await expect(desk.row(saw.name).getByRole("list", { name: "Extension offers" })).toBeVisible();
  await erp.fault({ mode: "status", status: 500, count: 1 });
  await desk.getWarranty(grinder.name).click();
  await expect(desk.retry(grinder.name)).toBeVisible();
  await expectNothingClipped(page, testInfo, "products-results");

  await gotoProduct(page, drill);
  await expectNothingClipped(page, testInfo, "product");
  const order = new OrderSection(page);
  await order.create(3, "PHONE-ORDER-WITH-A-LONG-REFERENCE");
  await order.placedOrderNumber();
  await page
    .getByRole("region", { name: "Dashboard" })
    .getByRole("button", { name: "Load dashboard" })
    .click();
  await expect(page.getByRole("region", { name: "Dashboard" }).getByTestId("status")).toHaveText(/^Total /);
  await expectNothingClipped(page, testInfo, "product-order-dashboard");

  const orders = new OrdersPage(page);
  await orders.goto();
  await expect(orders.rows()).toHaveCount(1);
  await expect(orders.refreshButton((await orders.numbers())[0]!)).toBeVisible();
  await expectNothingClipped(page, testInfo, "orders");

  await open(page, "/lab");
  await expect(page.getByRole("heading", { name: "Lab", level: 1 })).toBeVisible();
  await expectNothingClipped(page, testInfo, "lab");

  await open(page, "/attention");
  await expect(page.getByRole("heading", { name: "Needs attention", level: 1 })).toBeVisible();
  await expectNothingClipped(page, testInfo, "attention");

  const missing = await open(page, "/no-such-page");
  expect(missing?.status()).toBe(404);
  await expect(page.getByRole("heading", { name: "Page not found" })).toBeVisible();
  await expectNothingClipped(page, testInfo, "not-found");
});

test("The product list and the orders fit between phone and desktop widths", async ({ page }, testInfo) => {
  await signIn(page, AGENT.username);
  for (const width of [640, 820, 1024]) {
    await page.setViewportSize({ width, height: 900 });
    await open(page, "/");
    await expect(page.getByRole("heading", { name: "Products", level: 1 })).toBeVisible();
    expect(await clippedControls(page), `clipped controls on the products at ${width} px`).toEqual([]);
    await open(page, "/orders");
    // The order the phone test placed.
    await expect(new OrdersPage(page).rows()).toHaveCount(1);
    expect(await clippedControls(page), `clipped controls on the orders at ${width} px`).toEqual([]);
  }
  await screenshot(page, testInfo, "orders-1024");
});

test("The check finds a control cut off by its container and a page wider than the phone", async ({
  page,
}) => {
  await page.goto("/sign-in");
  expect(await clippedControls(page)).toEqual([]);
  await page.evaluate(() => {
    document.body.insertAdjacentHTML(
      "beforeend",
      `<div style="overflow: hidden; width: 120px"><button style="margin-left: 100px; width: 80px">Cut off</button></div>
       <div style="width: 600px; height: 4px"></div>`,
    );
  });
  const problems = await clippedControls(page);
  expect(problems).toEqual([
    expect.stringMatching(/^the page scrolls sideways/),
    expect.stringMatching(/^<button> "Cut off" is cut off by <div>/),
  ]);
});
