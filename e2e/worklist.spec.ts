import type { Page } from "@playwright/test";
import {
  ERP_ROUTES,
  expect,
  gotoProduct,
  deskIsLive,
  OrderSection,
  OrdersPage,
  PRODUCTS,
  screenshot,
  signIn,
  test,
} from "./fixtures";

// The "Needs attention" worklist and orders the ERP created but the desk has not recorded.
// alice orders products orders-page.spec.ts leaves alone; bob only looks.
const generator = PRODUCTS.find((p) => p.name === "Generator 3kW")!;
const washer = PRODUCTS.find((p) => p.name === "Pressure Washer 2200psi")!;
const level = PRODUCTS.find((p) => p.name === "Laser Level 360")!;

/** The status read's attempts before the chain gives up (lib/erp/orders.ts ORDER_STATUS_RETRY). */
const STATUS_ATTEMPTS = 5;
const statusReads = async (erp: { stats(): Promise<{ requests: Record<string, number> }> }) =>
  (await erp.stats()).requests[ERP_ROUTES.orderStatus] ?? 0;
/** A customer reference no other test uses: it names this test's intent in the ERP. */
const referenceFor = (name: string) => `PO-WL-${name}-${Date.now().toString(36)}`.toUpperCase();

async function gotoWorklist(page: Page) {
  const live = deskIsLive(page);
  await page.goto("/attention");
  await live;
  await expect(page.getByRole("heading", { name: "Needs attention", level: 1 })).toBeVisible();
}
/** The worklist's item that mentions `text` (an order number, a customer reference). */
const item = (page: Page, text: string) =>
  page.getByRole("list", { name: "Needs attention" }).getByRole("listitem").filter({ hasText: text });
/** The count the navigation shows, read from its source. */
async function attentionCount(page: Page): Promise<number> {
  const response = await page.request.get("/api/attention");
  expect(response.status()).toBe(200);
  return ((await response.json()) as { count: number }).count;
}
const summary = (page: Page) =>
  page.getByRole("main").getByText(/^(Nothing to do|\d+ items? needs? attention)$/);
/** The count beside Needs attention in the navigation (its words are for screen readers). */
const navBadge = (page: Page) =>
  page.getByRole("navigation", { name: "Main" }).getByRole("link", { name: /^Needs attention/ });

test("An order whose status read keeps failing names its number, waits on the worklist as created but not recorded, and Retry records it once", async ({
  page,
  erp,
}, testInfo) => {
  const reference = referenceFor("UNREC");
  await erp.fault({ route: "*", mode: "latency", latencyMs: 0 });
  await signIn(page, "alice");
  await gotoProduct(page, generator);
  const order = new OrderSection(page);
  await expect(order.createButton()).toBeEnabled();
  const before = await erp.stats();
  const readsBefore = await statusReads(erp);
  // More failures than the status read's attempts: the chain gives up after retrying by itself.
  await erp.fault({ route: ERP_ROUTES.orderStatus, mode: "status", status: 503, count: STATUS_ATTEMPTS + 1 });

  await order.create(3, reference);
  await expect(order.alert()).toContainText(
    /Order SO-\d{6} was created in the ERP; reading its status failed: The ERP answered the order status read with an error \(HTTP 503 Service Unavailable\)\./,
  );
  const number = /SO-\d{6}/.exec((await order.alert().textContent()) ?? "")![0];
  expect(await statusReads(erp), "status reads before giving up").toBe(readsBefore + STATUS_ATTEMPTS);
  expect(await erp.ordersWithReference(reference)).toHaveLength(1);
  await screenshot(page, testInfo, "worklist-order-named");

  // /orders does not list it, but says it waits, linked to the worklist.
  const orders = new OrdersPage(page);
  await orders.goto();
  await expect(orders.row(number)).toHaveCount(0);
  const waiting = page.getByText(/\d+ orders? (was|were) created in the ERP but not yet recorded here\./);
  await expect(waiting).toBeVisible();
  await screenshot(page, testInfo, "worklist-orders-waiting");
  // A client-side navigation: the page's event stream stays open.
  await waiting.getByRole("link", { name: /Record (it|them) from Needs attention/ }).click();
  await expect(page).toHaveURL(/\/attention$/);
  await expect(page.getByRole("heading", { name: "Needs attention", level: 1 })).toBeVisible();

  const row = item(page, number);
  await expect(row).toContainText(`Created in the ERP, not yet recorded: ${number}`);
  await expect(row).toContainText(`3 × · reference ${reference}`);
  await expect(row).toContainText("Not recorded");
  await expect(row.getByRole("button", { name: "Dismiss" })).toHaveCount(0);
  const count = await attentionCount(page);
  await screenshot(page, testInfo, "worklist-unrecorded");
  await page.setViewportSize({ width: 390, height: 844 });
  await screenshot(page, testInfo, "worklist-unrecorded-390");
  await page.setViewportSize({ width: 1280, height: 720 });

  // Retry from the worklist and from the product page at once: one ERP order, one row.
  const product = await page.context().newPage();
  await gotoProduct(product, generator);
  const productOrder = new OrderSection(product);
  await expect(productOrder.button("Retry")).toBeEnabled();
  await erp.clearFaults();
  await erp.fault({ route: "*", mode: "latency", latencyMs: 0 });
  await Promise.all([
    row.getByRole("button", { name: "Retry" }).click(),
    productOrder.button("Retry").click(),
  ]);
  await expect(row).toContainText(`Recorded: order ${number} is on your orders.`);
  await expect(productOrder.placed()).toContainText(`Order ${number} placed`);
  await expect(summary(page)).toHaveText(count - 1 === 0 ? "Nothing to do" : /need/);
  expect(await attentionCount(page)).toBe(count - 1);
  await product.close();

  const inErp = await erp.ordersWithReference(reference);
  expect(inErp.map((o) => o.orderNumber)).toEqual([number]);
  const after = await erp.stats();
  expect(after.ordersCreated - before.ordersCreated, "orders created for this intent").toBe(1);

  await orders.goto();
  await expect(orders.row(number)).toHaveCount(1);
  await expect(orders.row(number).getByRole("cell").nth(2)).toHaveText(reference);
  await gotoWorklist(page);
  await expect(item(page, number)).toHaveCount(0);
});

test("An order whose status read fails once recovers by itself", async ({ page, erp }) => {
  const reference = referenceFor("ONCE");
  await erp.fault({ route: "*", mode: "latency", latencyMs: 0 });
  await signIn(page, "alice");
  await gotoProduct(page, washer);
  const order = new OrderSection(page);
  await expect(order.createButton()).toBeEnabled();
  const before = await erp.stats();
  const readsBefore = await statusReads(erp);
  await erp.fault({ route: ERP_ROUTES.orderStatus, mode: "status", status: 503, count: 1 });

  await order.create(1, reference);
  const number = await order.placedOrderNumber();
  await order.expectSteps(["done", "done", "done"]);
  await expect(order.alert()).toHaveCount(0);
  expect(await statusReads(erp), "the status read, sent again once").toBe(readsBefore + 2);
  expect((await erp.ordersWithReference(reference)).map((o) => o.orderNumber)).toEqual([number]);
  expect((await erp.stats()).ordersCreated - before.ordersCreated).toBe(1);

  await gotoWorklist(page);
  await expect(page.getByText(reference)).toHaveCount(0);
});

test("An agent dismisses a failed order from the worklist, the count follows, and another agent never sees it", async ({
  page,
  erp,
  browser,
}, testInfo) => {
  const reference = referenceFor("DISMISS");
  await erp.fault({ route: "*", mode: "latency", latencyMs: 0 });
  await signIn(page, "alice");
  await gotoProduct(page, level);
  const order = new OrderSection(page);
  await expect(order.createButton()).toBeEnabled();
  // Fails before anything reaches the ERP: an ordinary failure, which may be dismissed.
  await erp.fault({ route: ERP_ROUTES.token, mode: "status", status: 500, count: 1 });
  await order.create(2, reference);
  await expect(order.alert()).toContainText("Authenticating failed.");

  await gotoWorklist(page);
  const row = item(page, reference);
  await expect(row).toContainText("Failed");
  await expect(row).toContainText(
    "The ERP answered the sign-in with an error (HTTP 500 Internal Server Error).",
  );
  await expect(row.getByRole("button", { name: "Retry" })).toBeEnabled();
  const count = await attentionCount(page);
  expect(count).toBeGreaterThanOrEqual(1);
  await expect(summary(page)).toHaveText(
    count === 1 ? "1 item needs attention" : `${count} items need attention`,
  );
  await expect(navBadge(page)).toHaveAccessibleName(
    count === 1 ? "Needs attention 1 item needs attention" : `Needs attention ${count} items need attention`,
  );

  // bob's worklist holds nothing of alice's.
  const bobContext = await browser.newContext();
  const bob = await bobContext.newPage();
  await signIn(bob, "bob");
  await gotoWorklist(bob);
  await expect(bob.getByText(reference)).toHaveCount(0);
  await bobContext.close();

  await row.getByRole("button", { name: "Dismiss" }).click();
  await expect(row).toHaveCount(0);
  const rest = count - 1;
  await expect(summary(page)).toHaveText(
    rest === 0 ? "Nothing to do" : rest === 1 ? "1 item needs attention" : `${rest} items need attention`,
  );
  expect(await attentionCount(page)).toBe(rest);
  await expect(navBadge(page)).toHaveAccessibleName(
    rest === 0
      ? "Needs attention"
      : rest === 1
        ? "Needs attention 1 item needs attention"
        : `Needs attention ${rest} items need attention`,
  );
  await screenshot(page, testInfo, "worklist-dismissed");

  await gotoWorklist(page);
  await expect(page.getByText(reference)).toHaveCount(0);
});
