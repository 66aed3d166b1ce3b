import {
  Desk,
  deskIsLive,
  ERP_ROUTES,
  expect,
  gotoProduct,
  OrderSection,
  PRODUCTS,
  reloadDesk,
  signIn,
  test,
} from "./fixtures";
import { ensureAgent } from "./agents";

// The desk while work is under way and after: toasts wherever the agent is, every tab in step,
// when each answer was obtained, how long pending work has waited, and the keyboard focus.

const drill = "Cordless Drill 18V";
const announcer = (page: import("@playwright/test").Page) => page.getByTestId("announcer");

/** Starts a lookup on the product list that the ERP answers after `latencyMs`. */
async function startSlowLookup(
  desk: Desk,
  erp: import("./fixtures").Erp,
  product: string,
  latencyMs: number,
) {
  await erp.fault({ mode: "latency", latencyMs, count: 1 });
  await desk.startButton(product).click();
  await expect(desk.submitted(product)).toBeVisible();
}

// An agent of this spec's own: the other specs expect alice's and bob's rows as they left them.
const AGENT = "oskar";
test.beforeAll(() => ensureAgent(AGENT, "Oskar Brandt"));
test.use({ timezoneId: "Europe/Berlin" });

test("A lookup that finishes while the agent is on another page raises a toast with a link to it", async ({
  page,
  desk,
  erp,
}) => {
  await signIn(page, AGENT);
  await startSlowLookup(desk, erp, drill, 2_500);
  await page.getByRole("navigation", { name: "Main" }).getByRole("link", { name: "Orders" }).click();
  await expect(page.getByRole("heading", { name: "Orders", level: 1 })).toBeVisible();

  const toast = page.getByTestId("toast");
  await expect(toast).toContainText(`Warranty lookup for ${drill} finished`, { timeout: 15_000 });
  await expect(toast).toContainText("Active until 30 Jun 2029.");
  await expect(announcer(page)).toHaveText(
    `Warranty lookup for ${drill} finished. Active until 30 Jun 2029.`,
  );
  await toast.getByRole("link", { name: /^Open/ }).click();
  await expect(page.getByRole("heading", { name: drill, level: 1 })).toBeVisible();
  await expect(page.getByRole("region", { name: "Warranty" }).getByTestId("status")).toHaveText(
    "Active until 30 Jun 2029",
  );
  await expect(toast).toHaveCount(0);
});

test("Every tab of the agent's follows the same lookup, and a second tab cannot start it again", async ({
  page,
  desk,
  erp,
}) => {
  const product = "Angle Grinder 125mm";
  await signIn(page, AGENT);
  const second = await page.context().newPage();
  const live = deskIsLive(second);
  await second.goto("/");
  await live; // its event stream is open: from now on it hears of every change
  const secondDesk = new Desk(second);
  await expect(secondDesk.startButton(product)).toBeEnabled();

  await startSlowLookup(desk, erp, product, 5_000);
  // The other tab learns of it from the event stream: no reload, and no button to start it twice.
  await expect(secondDesk.submitted(product)).toBeDisabled();
  await expect(secondDesk.status(product)).toHaveText("Asking the ERP…");
  await expect(secondDesk.status(product)).toHaveText(/^(Active until|Expired on|No warranty)/, {
    timeout: 20_000,
  });
  await expect(secondDesk.status(product)).toHaveText(await desk.status(product).innerText());
  await second.close();
});

test("An order started in one tab shows its progress in the other, which cannot order again", async ({
  page,
  erp,
}) => {
  const planer = PRODUCTS.find((p) => p.name === "Electric Planer 82mm")!;
  const reference = `PO-TABS-${Date.now()}`;
  await signIn(page, AGENT);
  await gotoProduct(page, planer);
  const second = await page.context().newPage();
  const live = deskIsLive(second);
  await gotoProduct(second, planer);
  await live;
  const order = new OrderSection(page);
  const other = new OrderSection(second);
  for (const section of [order, other]) {
    if (await section.button("New order").isVisible()) await section.button("New order").click();
  }
  await expect(other.createButton()).toBeVisible();

  await erp.fault({ route: ERP_ROUTES.createOrder, mode: "latency", latencyMs: 2_000, count: 1 });
  await order.create(1, reference);
  await expect(other.progress()).toBeVisible();
  await expect(other.createButton()).toHaveCount(0);
  await expect(other.placed()).toHaveText(/^Order SO-\d{6} placed /, { timeout: 20_000 });
  await expect(order.placed()).toHaveText(await other.placed().innerText());
  expect(await erp.ordersWithReference(reference)).toHaveLength(1);
  await second.close();
});

test("Answers say when they were obtained and are marked out of date once old", async ({ page, desk }) => {
  const product = "Circular Saw 1400W";
  await page.clock.install();
  await signIn(page, AGENT);
  await desk.startButton(product).click();
  await expect(desk.status(product)).toHaveText(/^(Active until|Expired on|No warranty)/, {
    timeout: 15_000,
  });
  const row = desk.row(product);
  const checked = row.locator("time");
  await expect(checked).toHaveText("checked just now");
  await expect(row.getByText("out of date")).toHaveCount(0);

  // The exact time, in the agent's zone, on focus.
  await checked.focus();
  const tip = row.getByRole("tooltip");
  await expect(tip).toBeVisible();
  await expect(tip).toHaveText(/^\d{1,2} [A-Z][a-z]{2} \d{4}, \d{2}:\d{2}:\d{2} (CET|CEST|GMT\+1|GMT\+2)$/);

  await page.clock.fastForward("05:00");
  await expect(checked).toHaveText("checked 5 min ago");
  await page.clock.fastForward("30:00"); // past the 30-minute default
  await expect(row.getByText("out of date")).toBeVisible();
  await expect(desk.checkAgain(product)).toBeVisible();

  // A reload keeps the time: it is the answer's, not the page's.
  await reloadDesk(page);
  await expect(desk.row(product).getByText("out of date")).toBeVisible();
});

test("Pending work shows how long it has waited and when it gives up", async ({ page, desk, erp }) => {
  const product = "Orbital Sander";
  await signIn(page, AGENT);
  await startSlowLookup(desk, erp, product, 4_000);
  const waiting = desk.row(product).getByText(/^waiting \d+ s · gives up at \d{2}:\d{2}:\d{2}$/);
  await expect(waiting).toBeVisible();
  const first = await waiting.innerText();
  await expect(waiting).not.toHaveText(first, { timeout: 5_000 });
  await expect(desk.status(product)).toHaveText(/^Expired on/, { timeout: 20_000 });
  await expect(waiting).toHaveCount(0);
});

test("Buttons are named for their product and the focus stays with the lookup from click to answer", async ({
  page,
  desk,
  erp,
}) => {
  const product = "Generator 3kW";
  await signIn(page, AGENT);
  await expect(page.getByRole("button", { name: `Get warranty for ${product}`, exact: true })).toBeVisible();
  await expect(page.getByRole("button", { name: /^(Get warranty|Check again|Retry) for / })).toHaveCount(
    PRODUCTS.length,
  );

  await erp.fault({ mode: "latency", latencyMs: 1_500, count: 1 });
  const button = page.getByRole("button", { name: `Get warranty for ${product}`, exact: true });
  await button.focus();
  await page.keyboard.press("Enter");
  // The button it became keeps the focus while the ERP answers...
  await expect(page.getByRole("button", { name: `Submitted… for ${product}`, exact: true })).toBeFocused();
  await expect(desk.status(product)).toHaveText("Active until 28 Feb 2029", { timeout: 15_000 });
  // ...and the focus moves on to the result's own control, never to the page body.
  await expect(page.getByRole("button", { name: `Check again for ${product}`, exact: true })).toBeFocused();
  await expect(announcer(page)).toHaveText(
    `Warranty lookup for ${product} finished. Active until 28 Feb 2029.`,
  );
});
