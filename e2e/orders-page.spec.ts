import { formatDate } from "../lib/format";
import {
  ERP_ROUTES,
  expect,
  gotoProduct,
  OrderSection,
  OrdersPage,
  PRODUCTS,
  screenshot,
  signIn,
  test,
} from "./fixtures";
import { recordRowsNow, timeline } from "./state-recorder";

// alice's orders. Only this file orders as alice (the other order specs order as bob), and the
// e2e database is new on every run, so her Orders page is empty until the second test here.
// The tests build on each other: they run in this order (one worker, no retries).

const drill = PRODUCTS.find((p) => p.name === "Cordless Drill 18V")!;
const saw = PRODUCTS.find((p) => p.name === "Circular Saw 1400W")!;
const grinder = PRODUCTS.find((p) => p.name === "Angle Grinder 125mm")!;

/** Places an order from the product page that is open and returns its ERP number. */
async function placeOrder(order: OrderSection, quantity: number, reference: string): Promise<string> {
  const again = order.button("New order");
  if (await again.isVisible()) await again.click();
  await order.create(quantity, reference);
  const number = await order.placedOrderNumber();
  await expect(order.placed()).toContainText(`(${quantity} ×, reference ${reference})`);
  return number;
}

/** ERP numbers go up with time, so a list newest first has them strictly decreasing. */
const descending = (numbers: string[]) => [...numbers].sort().reverse();

test("An agent with no orders yet sees an empty Orders page", async ({ page }, testInfo) => {
  await signIn(page, "alice");
  await page.getByRole("navigation", { name: "Main" }).getByRole("link", { name: "Orders" }).click();
  await expect(page).toHaveURL(/\/orders$/);
  const orders = new OrdersPage(page);
  await expect(page.getByRole("heading", { name: "Orders", level: 1 })).toBeVisible();
  await expect(page.getByText("No orders yet.")).toBeVisible();
  expect(await orders.total()).toBe(0);
  await expect(page.getByRole("table")).toHaveCount(0);
  await expect(page.getByRole("navigation", { name: "Pages" })).toHaveCount(0);
  await screenshot(page, testInfo, "orders-empty");

  // The empty state leads to the products.
  await page.getByRole("main").getByRole("link", { name: "products" }).click();
  await expect(page.getByRole("heading", { name: "Products", level: 1 })).toBeVisible();
});

test("An agent sees her orders newest first and refreshes one's status", async ({ page, erp }, testInfo) => {
  await signIn(page, "alice");
  const order = new OrderSection(page);
  await gotoProduct(page, drill);
  const first = await placeOrder(order, 1, "ALICE-FIRST");
  await gotoProduct(page, saw);
  const second = await placeOrder(order, 4, "ALICE-SECOND");

  const orders = new OrdersPage(page);
  await orders.goto();
  expect(await orders.total()).toBe(2);
  expect(await orders.numbers()).toEqual([second, first]);
  const [secondCells, firstCells] = [
    orders.row(second).getByRole("cell"),
    orders.row(first).getByRole("cell"),
  ];
  await expect(secondCells.nth(0)).toHaveText(`${saw.name}${saw.sku}`);
  await expect(secondCells.nth(1)).toHaveText("4");
  await expect(secondCells.nth(2)).toHaveText("ALICE-SECOND");
  await expect(firstCells.nth(0)).toHaveText(`${drill.name}${drill.sku}`);
  await expect(firstCells.nth(1)).toHaveText("1");
  await expect(firstCells.nth(2)).toHaveText("ALICE-FIRST");
  // Placed today (the date is the UTC day, as the desk formats it).
  await expect(firstCells.nth(3)).toHaveText(formatDate(new Date().toISOString()));
  await expect(orders.status(first)).toHaveText("received");
  await expect(orders.status(second)).toHaveText("received");

  // The ERP confirms an order 5 s after it was created. Once it has, Refresh status shows it.
  await expect
    .poll(async () => (await erp.orders()).find((o) => o.orderNumber === first)?.status, {
      message: "the ERP has confirmed the first order",
      timeout: 15_000,
    })
    .toBe("confirmed");
  await erp.fault({ route: ERP_ROUTES.orderStatus, mode: "latency", latencyMs: 1000, count: 1 });
  // The row's states, recorded in the page: "Refreshing…" lasts only the ERP's 1 s.
  const recorder = await recordRowsNow(page, [first, second]);
  await orders.refreshButton(first).click();
  await expect(orders.status(first)).toHaveText("confirmed");
  const { states } = await recorder.sinceLastClick(first);
  const shownAt = states.findIndex((s) => s.state === "confirmed | Refresh status");
  expect(shownAt, `the new status after the click: ${timeline(states)}`).toBeGreaterThan(0);
  expect(
    states.slice(0, shownAt).every((s) => s.state === "received | Refreshing… (disabled)"),
    `a disabled Refreshing… (the old status beside it) until the new status: ${timeline(states)}`,
  ).toBe(true);
  await expect(orders.refreshButton(first)).toBeEnabled();
  await expect(orders.row(first).getByRole("alert")).toHaveCount(0);
  // Only that row changed.
  await expect(orders.status(second)).toHaveText("received");
  await expect(orders.refreshButton(second)).toBeEnabled();
  const { states: others } = await recorder.read();
  expect(timeline(others[second]!), "the other row never changed").toBe("received | Refresh status");
  await screenshot(page, testInfo, "orders");

  // The desk recorded the new status: a reload shows it too.
  await orders.goto();
  await expect(orders.status(first)).toHaveText("confirmed");
  expect(await orders.numbers()).toEqual([second, first]);
});

test("An agent with more than ten orders pages through them, ten per page", async ({
  page,
  erp,
}, testInfo) => {
  await signIn(page, "alice");
  const orders = new OrdersPage(page);
  await orders.goto();
  const existing = await orders.total();
  // Enough orders for a second page, placed quickly (no ERP latency).
  await erp.fault({ route: "*", mode: "latency", latencyMs: 0 });
  const order = new OrderSection(page);
  await gotoProduct(page, grinder);
  const placed: string[] = [];
  for (let n = existing; n < 11; n++) placed.push(await placeOrder(order, 1, `ALICE-BULK-${n + 1}`));
  const total = Math.max(existing, 11);

  await page.getByRole("navigation", { name: "Main" }).getByRole("link", { name: "Orders" }).click();
  await expect(page).toHaveURL(/\/orders$/);
  const pages = page.getByRole("navigation", { name: "Pages" });
  await expect(pages).toContainText(`Page 1 of ${Math.ceil(total / 10)}`);
  expect(await orders.total()).toBe(total);
  await expect(orders.rows()).toHaveCount(10);
  const pageOne = await orders.numbers();
  expect(pageOne[0], "the newest order on top").toBe(placed.at(-1));
  expect(pageOne).toEqual(descending(pageOne));
  await expect(pages.getByRole("link", { name: "← Newer" })).toHaveCount(0);

  await pages.getByRole("link", { name: "Older →" }).click();
  await expect(page).toHaveURL(/\/orders\?page=2$/);
  await expect(pages).toContainText(`Page 2 of ${Math.ceil(total / 10)}`);
  await expect(orders.rows()).toHaveCount(Math.min(10, total - 10));
  const pageTwo = await orders.numbers();
  expect([...pageOne, ...pageTwo], "newest first across the pages, none twice").toEqual(
    descending([...new Set([...pageOne, ...pageTwo])]),
  );
  await screenshot(page, testInfo, "orders-page-2");

  await pages.getByRole("link", { name: "← Newer" }).click();
  await expect(page).toHaveURL(/\/orders\?page=1$/);
  await expect(pages).toContainText(`Page 1 of ${Math.ceil(total / 10)}`);
  expect(await orders.numbers()).toEqual(pageOne);

  // A page beyond the last shows the last one.
  await orders.goto(99);
  await expect(pages).toContainText(`Page ${Math.ceil(total / 10)} of ${Math.ceil(total / 10)}`);
});
