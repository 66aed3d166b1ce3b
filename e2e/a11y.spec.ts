import { ensureAgent } from "./agents";
import {
  deskIsLive,
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
import { expectNoAxeViolations } from "./page-checks";

// An axe scan (every WCAG 2.x A and AA rule) of every page of the desk and its main states, and
// the page shell a keyboard or screen-reader user relies on: the skip link, the current page in
// the navigation, a title per page, Get warranty with the keyboard alone. As an agent of this
// spec's own, so the states are this spec's and no other spec's rows change.

const AGENT = { username: "ines", displayName: "Ines Okafor" };
const drill = PRODUCTS.find((p) => p.name === "Cordless Drill 18V")!;
const saw = PRODUCTS.find((p) => p.name === "Circular Saw 1400W")!;
const grinder = PRODUCTS.find((p) => p.name === "Angle Grinder 125mm")!;
const sander = PRODUCTS.find((p) => p.name === "Orbital Sander")!;

test.beforeAll(() => ensureAgent(AGENT.username, AGENT.displayName));
// A scan takes seconds on a busy machine, and some tests scan five states.
test.describe.configure({ timeout: 120_000 });

test("The sign-in page passes an axe scan, also with an error", async ({ page }) => {
  await page.goto("/sign-in");
  await expect(page.getByRole("button", { name: "Sign in" })).toBeVisible();
  await expectNoAxeViolations(page, "the sign-in page");

  await page.getByLabel("Agent").fill(AGENT.username);
  await page.getByLabel("Password").fill("not the password");
  await page.getByRole("button", { name: "Sign in" }).click();
  await expect(page.locator("form").getByRole("alert")).toHaveText("Unknown agent or wrong password.");
  await expectNoAxeViolations(page, "the sign-in page with an error");
});

test("The scan reports a violation when there is one", async ({ page }) => {
  await page.goto("/sign-in");
  await page.evaluate(() =>
    document.querySelector("main")?.insertAdjacentHTML("beforeend", "<button></button>"),
  );
  await expect(expectNoAxeViolations(page, "a page with a nameless button")).rejects.toThrow(/button-name/);
});

test("The product list passes an axe scan before, during and after lookups", async ({
  page,
  desk,
  erp,
}, testInfo) => {
  await signIn(page, AGENT.username);
  await expect(desk.productRows()).toHaveCount(PRODUCTS.length);
  await expectNoAxeViolations(page, "the product list");

  // Pending for 7 s (under the e2e deadline of 8 s), then answered.
  await erp.fault({ mode: "latency", latencyMs: 7_000, count: 1 });
  await desk.getWarranty(drill.name).click();
  await desk.expectPending(drill.name);
  await expectNoAxeViolations(page, "the product list with a lookup pending");
  await expect(desk.status(drill.name)).toHaveText("Active until 30 Jun 2029");
  await expectNoAxeViolations(page, "the product list with a result");

  // Expired, with extension offers.
  await desk.getWarranty(saw.name).click();
  await expect(desk.status(saw.name)).toHaveText("Expired on 15 Mar 2024");
  await expect(desk.row(saw.name).getByRole("list", { name: "Extension offers" })).toBeVisible();

  await erp.fault({ mode: "status", status: 500, count: 1 });
  await desk.getWarranty(grinder.name).click();
  await expect(desk.alert(grinder.name)).toContainText("HTTP 500");
  await expectNoAxeViolations(page, "the product list with a failed lookup and offers");
  await screenshot(page, testInfo, "desktop-products");
});

test("A product page passes an axe scan in each state of an order and the dashboard", async ({
  page,
  erp,
}) => {
  await signIn(page, AGENT.username);
  await gotoProduct(page, sander);
  const order = new OrderSection(page);
  await expect(order.createButton()).toBeEnabled();
  await expectNoAxeViolations(page, "a product page with the order form");

  await erp.fault({ route: ERP_ROUTES.createOrder, mode: "latency", latencyMs: 6_000, count: 1 });
  await order.create(2, "A11Y-PLACED");
  await expect(order.step("Creating order", "in progress")).toBeVisible();
  await expectNoAxeViolations(page, "a product page with an order in progress");
  await order.placedOrderNumber();
  await expectNoAxeViolations(page, "a product page with an order placed");

  // Fails at its first step, so nothing reaches the ERP.
  await order.button("New order").click();
  await erp.fault({ route: ERP_ROUTES.token, mode: "status", status: 500, count: 1 });
  await order.create(1, "A11Y-FAILED");
  await expect(order.alert()).toContainText("Authenticating failed.");
  await expectNoAxeViolations(page, "a product page with a failed order");

  const dashboard = page.getByRole("region", { name: "Dashboard" });
  await dashboard.getByRole("button", { name: "Load dashboard" }).click();
  await expect(dashboard.getByTestId("status")).toHaveText(/^Total /);
  await expectNoAxeViolations(page, "a product page with its dashboard");
});

test("The orders list, the lab and a missing page pass an axe scan", async ({ page }, testInfo) => {
  await signIn(page, AGENT.username);
  const orders = new OrdersPage(page);
  await orders.goto();
  // The order the product page test placed (this spec's agent has no other).
  await expect(orders.rows()).not.toHaveCount(0);
  await expectNoAxeViolations(page, "the orders list");
  await screenshot(page, testInfo, "desktop-orders");

  const live = deskIsLive(page);
  await page.goto("/lab");
  await live;
  await expect(page.getByRole("heading", { name: "Lab", level: 1 })).toBeVisible();
  await expectNoAxeViolations(page, "the lab");

  // The worklist, with what this spec's earlier tests left failed there.
  await page.goto("/attention");
  await expect(page.getByRole("heading", { name: "Needs attention", level: 1 })).toBeVisible();
  await expectNoAxeViolations(page, "the worklist");

  const missing = await page.goto("/products/no-such-product");
  expect(missing?.status()).toBe(404);
  await expect(page.getByRole("heading", { name: "Page not found", level: 1 })).toBeVisible();
  await expectNoAxeViolations(page, "a missing product");
  await screenshot(page, testInfo, "desktop-not-found");
});

test("Every page has a title of its own", async ({ page }) => {
  await page.goto("/sign-in");
  await expect(page).toHaveTitle("Sign in · Warranty Desk");
  await signIn(page, AGENT.username);
  await expect(page).toHaveTitle("Products · Warranty Desk");
  await gotoProduct(page, drill);
  await expect(page).toHaveTitle(`${drill.name} · Warranty Desk`);
  await page.goto("/orders");
  await expect(page).toHaveTitle("Orders · Warranty Desk");
  await page.goto("/lab");
  await expect(page).toHaveTitle("Lab · Warranty Desk");
  await page.goto("/attention");
  await expect(page).toHaveTitle("Needs attention · Warranty Desk");
  await page.goto("/no-such-page");
  await expect(page).toHaveTitle("Page not found · Warranty Desk");
  await page.goto("/products/no-such-product");
  await expect(page).toHaveTitle("Page not found · Warranty Desk");
});

test("The navigation marks the current page, also on a product's page", async ({ page }) => {
  await signIn(page, AGENT.username);
  const nav = page.getByRole("navigation", { name: "Main" });
  const current = nav.locator('[aria-current="page"]');
  // The worklist's link may carry a count of the items that need attention.
  await expect(nav.getByRole("link")).toHaveText([/^Products$/, /^Orders$/, /^Needs attention/, /^Lab$/]);
  await expect(current).toHaveText("Products");

  await nav.getByRole("link", { name: "Orders" }).click();
  await expect(page).toHaveURL(/\/orders$/);
  await expect(current).toHaveText("Orders");
  await nav.getByRole("link", { name: "Lab" }).click();
  await expect(page).toHaveURL(/\/lab$/);
  await expect(current).toHaveText("Lab");
  await gotoProduct(page, drill);
  await expect(current).toHaveText("Products");
  await expect(current).toHaveCount(1);
});

test("The skip link is the first stop of the keyboard and moves focus to the content", async ({ page }) => {
  await signIn(page, AGENT.username);
  for (const path of ["/", "/orders", "/lab", `/products/${drill.sku.toLowerCase()}`, "/no-such-page"]) {
    await page.goto(path);
    await page.keyboard.press("Tab");
    const skip = page.getByRole("link", { name: "Skip to content" });
    await expect(skip, `the first stop on ${path}`).toBeFocused();
    await expect(skip).toBeInViewport();
    await page.keyboard.press("Enter");
    await expect(page.getByRole("main"), `focus after the skip link on ${path}`).toBeFocused();
  }
});

test("An agent gets a warranty with the keyboard alone", async ({ page, desk }) => {
  const product = "Laser Level 360";
  await signIn(page, AGENT.username);
  const live = deskIsLive(page);
  await page.reload();
  await live;

  /** Presses Tab until `target` has focus (at most `limit` times); fails the test otherwise. */
  const tabTo = async (target: ReturnType<typeof desk.getWarranty>, what: string, limit = 60) => {
    for (let presses = 0; presses < limit; presses++) {
      await page.keyboard.press("Tab");
      if (await target.evaluate((element) => element === document.activeElement).catch(() => false)) return;
    }
    throw new Error(`${what} was not reached with ${limit} presses of Tab`);
  };

  await tabTo(desk.getWarranty(product), `Get warranty for ${product}`);
  await page.keyboard.press("Enter");
  await expect(desk.status(product)).toHaveText("Active until 1 Oct 2028");

  // And again, still without the mouse: from wherever focus is now, on to Check again.
  await tabTo(desk.checkAgain(product), `Check again for ${product}`);
  await page.keyboard.press("Enter");
  await expect(desk.status(product)).toHaveText("Active until 1 Oct 2028");
  await expect(desk.checkAgain(product)).toBeEnabled();
});
