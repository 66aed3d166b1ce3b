import type { Browser, Page } from "@playwright/test";
import { ensureAgent } from "./agents";
import {
  DEMO_PASSWORD,
  ERP_ROUTES,
  expect,
  gotoProduct,
  OrderSection,
  PRODUCTS,
  screenshot,
  signIn,
  test,
  UUID,
} from "./fixtures";
import { ensureOperator } from "./operators";
import { clippedControls, expectNoAxeViolations } from "./page-checks";

// Agents of this spec's own: what they order is nobody else's, and nobody else's is theirs.
const OWNER = { username: "tamsin", displayName: "Tamsin Achterberg" };
const OTHER = { username: "wendel", displayName: "Wendel Oyelaran" };
const OPERATOR = { username: "ottilie", displayName: "Ottilie Marsh" };
const product = PRODUCTS.find((p) => p.name === "Cordless Drill 18V")!;

test.beforeAll(() => {
  ensureAgent(OWNER.username, OWNER.displayName);
  ensureAgent(OTHER.username, OTHER.displayName);
  ensureOperator(OPERATOR.username, OPERATOR.displayName);
});

/** "Started", "Sent token", …: each event row of the Events table as its kind and callout. */
async function eventsShown(page: Page): Promise<string[]> {
  const rows = page
    .getByRole("table", { name: "Events" })
    .getByRole("row")
    .filter({ has: page.getByRole("rowheader") });
  // The row header reads "Sent token" with "step 1" on a line of its own.
  return (await rows.getByRole("rowheader").allInnerTexts()).map((text) => text.split("\n")[0]!.trim());
}

/** Signs in a new browser context as `username`, without assuming where the sign-in lands. */
async function signedInPage(browser: Browser, username: string): Promise<Page> {
  const page = await (await browser.newContext()).newPage();
  await page.goto("/sign-in");
  await page.getByLabel("Agent").fill(username);
  await page.getByLabel("Password").fill(DEMO_PASSWORD);
  await page.getByRole("button", { name: "Sign in" }).click();
  await expect(page).not.toHaveURL(/\/sign-in/);
  return page;
}

test("the timeline of a three-step order with one retried callout shows every event in order", async ({
  page,
  erp,
  browser,
}, testInfo) => {
  // Two axe scans, a control-by-control clipping check and three sign-ins on a shared machine.
  test.setTimeout(150_000);
  await signIn(page, OWNER.username);
  await gotoProduct(page, product);
  const order = new OrderSection(page);
  // The status read (step 3) is answered 503 once; it retries 503 by itself (ORDER_STATUS_RETRY).
  await erp.fault({ route: ERP_ROUTES.orderStatus, mode: "status", status: 503, count: 1 });
  await order.create(1, "PO-TIMELINE-1");
  await order.placedOrderNumber();

  // Keyboard: from the Create order section's last control back to Details, then Enter.
  const details = order.region.getByRole("link", { name: "Details for the order for Cordless Drill 18V" });
  await expect(details).toBeVisible();
  await screenshot(page, testInfo, "timeline-details-link");
  await order.region.getByRole("button", { name: "New order" }).focus();
  await page.keyboard.press("Tab");
  await expect(details).toBeFocused();
  await page.keyboard.press("Enter");
  await expect(page).toHaveURL(new RegExp(`/continuations/${UUID.source}$`));
  const id = new URL(page.url()).pathname.split("/").at(-1)!;
  await expect(page).toHaveTitle("Details · Warranty Desk");
  await expect(page.getByRole("heading", { name: "Order for Cordless Drill 18V", level: 1 })).toBeVisible();
  await expect(page.getByTestId("timeline-status")).toHaveText("Completed");

  expect(await eventsShown(page)).toEqual([
    "Started",
    "Sent token",
    "Answered token",
    "Callback committed",
    "Advanced",
    "Sent order",
    "Answered order",
    "Callback committed",
    "Advanced",
    "Sent status",
    "Retried status",
    "Answered status",
    "Callback committed",
    "Completed",
  ]);

  const waterfall = page.getByRole("region", { name: "Waterfall" });
  const steps = waterfall.getByRole("region", { name: /^Step \d/ });
  await expect(steps).toHaveCount(3);
  await expect(steps.nth(0).getByRole("listitem", { name: "token" })).toContainText("Attempts: 1");
  await expect(steps.nth(1).getByRole("listitem", { name: "order" })).toContainText("Outcome: 201 Created");
  const status = steps.nth(2).getByRole("listitem", { name: "status" });
  await expect(status).toContainText("Attempts: 2");
  await expect(status).toContainText("Outcome: 200 OK");
  await expect(status.getByRole("list", { name: "Attempts of status" }).getByRole("listitem")).toHaveText([
    "Attempt 1: 503 Service Unavailable, retried",
    "Attempt 2: 200 OK",
  ]);
  await expect(status).toContainText(`Idempotency key: ${id}.2.status`);
  // The answer's instance is named (the e2e app runs one instance).
  await expect(status).toContainText(/Instance: (?!unknown)\S+/);

  await page.setViewportSize({ width: 1280, height: 900 });
  await screenshot(page, testInfo, "timeline-1280");
  await expectNoAxeViolations(page, "the timeline page");
  await page.setViewportSize({ width: 390, height: 844 });
  await expect(steps).toHaveCount(3);
  expect(await clippedControls(page)).toEqual([]);
  await screenshot(page, testInfo, "timeline-390");
  await expectNoAxeViolations(page, "the timeline page at 390 px");

  // Nobody else's: another agent gets the desk's 404 for it, and for the operators' view.
  const other = await signedInPage(browser, OTHER.username);
  for (const path of [`/continuations/${id}`, `/ops/continuations/${id}`, "/continuations/not-an-id"]) {
    const response = await other.goto(path);
    expect(response?.status(), path).toBe(404);
    await expect(other.getByRole("heading", { name: "Page not found" })).toBeVisible();
    await expect(other.getByText("PO-TIMELINE-1")).toHaveCount(0);
  }

  // An operator sees it, with whose work it is.
  const operator = await signedInPage(browser, OPERATOR.username);
  const response = await operator.goto(`/ops/continuations/${id}`);
  expect(response?.status()).toBe(200);
  await expect(operator.getByRole("heading", { name: "Order for wd-drill-18v", level: 1 })).toBeVisible();
  await expect(
    operator.getByRole("region", { name: "Summary" }).getByText(OWNER.username, { exact: true }),
  ).toBeVisible();
  expect(await eventsShown(operator)).toHaveLength(14);
  await screenshot(operator, testInfo, "timeline-operator");
});

test("An agent opens the Details of a warranty lookup from the product list", async ({ page, desk }) => {
  const sander = PRODUCTS.find((p) => p.name === "Orbital Sander")!;
  await signIn(page, OWNER.username);
  await desk.startButton(sander.name).click();
  await expect(desk.status(sander.name)).toHaveText(/^(Active until|Expired on|No warranty found)/);
  await desk
    .row(sander.name)
    .getByRole("link", { name: `Details for the warranty lookup for ${sander.name}`, exact: true })
    .click();
  await expect(
    page.getByRole("heading", { name: `Warranty lookup for ${sander.name}`, level: 1 }),
  ).toBeVisible();
  await expect(page.getByTestId("timeline-status")).toHaveText("Completed");
  const steps = page.getByRole("region", { name: "Waterfall" }).getByRole("region", { name: /^Step \d/ });
  await expect(steps.first().getByRole("listitem", { name: "warranty" })).toContainText("Attempts: 1");
  await page.getByRole("link", { name: "← Back to the product" }).click();
  await expect(page.getByRole("heading", { name: sander.name, level: 1 })).toBeVisible();
});
