import type { Locator, Page } from "@playwright/test";
import { ERP_ROUTES, expect, gotoProduct, PRODUCTS, screenshot, signIn, test } from "./fixtures";
import { recordNow, timeline } from "./state-recorder";

// alice's dashboards (a subject of their own, apart from the warranty and the orders).
const mixer = PRODUCTS.find((p) => p.name === "Concrete Mixer Pro")!;
const welder = PRODUCTS.find((p) => p.name === "Inverter Welder 200A")!;

const dashboard = (page: Page) => page.getByRole("region", { name: "Dashboard" });
const card = (page: Page, name: "Inventory" | "Pricing" | "Tracking") =>
  dashboard(page).getByRole("group", { name, exact: true });

/** "1.0 s" → 1 */
async function seconds(locator: Locator): Promise<number> {
  await expect(locator).toHaveText(/^\d+\.\d s$/);
  return Number.parseFloat((await locator.textContent()) ?? "");
}

test("An agent loads a product's dashboard: three calls in parallel", async ({ page, erp }, testInfo) => {
  await signIn(page, "alice");
  await gotoProduct(page, mixer);
  await erp.fault({ route: ERP_ROUTES.inventory, mode: "latency", latencyMs: 1000 });
  await erp.fault({ route: ERP_ROUTES.pricing, mode: "latency", latencyMs: 2000 });
  await erp.fault({ route: ERP_ROUTES.tracking, mode: "latency", latencyMs: 3000 });

  // The panel's states, timed in the page: the pending state and the moment the result replaced
  // it do not depend on when this process gets to look.
  const recorder = await recordNow(page, { kind: "panels", names: ["Dashboard"] });
  await dashboard(page).getByRole("button", { name: "Load dashboard" }).click();
  await expect(dashboard(page).getByTestId("status")).toHaveText(/^Total /);
  const { clickAt, states } = await recorder.sinceLastClick("Dashboard");
  const pending = "Asking the ERP for inventory, pricing and tracking at once… | Submitted… (disabled)";
  const shownAt = states.findIndex((s) => s.state.startsWith("Total "));
  expect(shownAt, `the timing after the click: ${timeline(states)}`).toBeGreaterThan(0);
  expect(
    states.slice(0, shownAt).every((s) => s.state === pending),
    `pending (the three calls named, a disabled Submitted…) until the result: ${timeline(states)}`,
  ).toBe(true);
  const wallSeconds = (states[shownAt]!.at - clickAt) / 1000;

  const times = {
    inventory: await seconds(card(page, "Inventory").getByLabel("Inventory time")),
    pricing: await seconds(card(page, "Pricing").getByLabel("Pricing time")),
    tracking: await seconds(card(page, "Tracking").getByLabel("Tracking time")),
  };
  expect(times.inventory).toBeGreaterThanOrEqual(1.0);
  expect(times.inventory).toBeLessThan(1.5);
  expect(times.pricing).toBeGreaterThanOrEqual(2.0);
  expect(times.pricing).toBeLessThan(2.5);
  expect(times.tracking).toBeGreaterThanOrEqual(3.0);
  expect(times.tracking).toBeLessThan(3.5);

  const timing = dashboard(page).getByTestId("status");
  await expect(timing).toHaveText(
    /^Total \d+\.\d s: the three calls ran in parallel, so the total is the slowest call, not the sum of all three \(\d+\.\d s\)\.$/,
  );
  const [total, sum] = ((await timing.textContent()) ?? "").match(/\d+\.\d/g)!.map(Number) as [
    number,
    number,
  ];
  expect(total, "the total is the slowest call").toBeGreaterThanOrEqual(2.9);
  expect(total, "the total is the slowest call").toBeLessThanOrEqual(4.5);
  expect(sum, "the sum of the three").toBeCloseTo(times.inventory + times.pricing + times.tracking, 0);
  expect(wallSeconds, "click to panel: the slowest call, not the sum of 6 s").toBeLessThan(5);
  testInfo.annotations.push({
    type: "timing",
    description: `cards ${times.inventory}/${times.pricing}/${times.tracking} s, total ${total} s, sum ${sum} s, click to panel ${wallSeconds.toFixed(2)} s`,
  });

  // What the three calls answered.
  await expect(card(page, "Inventory")).toContainText("on hand");
  await expect(card(page, "Pricing")).toContainText("list €489.00");
  await expect(card(page, "Tracking")).toContainText("open shipments");
  await expect(dashboard(page).getByRole("alert")).toHaveCount(0);
  await expect(dashboard(page).getByRole("button", { name: "Reload dashboard" })).toBeEnabled();
  await screenshot(page, testInfo, "dashboard");
});

test("An agent loads a dashboard while one call fails and still sees the other two", async ({
  page,
  erp,
}) => {
  await signIn(page, "alice");
  await gotoProduct(page, welder);
  await erp.fault({ route: ERP_ROUTES.pricing, mode: "status", status: 500, count: 1 });
  await dashboard(page).getByRole("button", { name: "Load dashboard" }).click();

  await expect(card(page, "Pricing")).toContainText(
    "The ERP answered the price lookup with an error (HTTP 500 Internal Server Error).",
  );
  await expect(card(page, "Inventory")).toContainText("on hand");
  await expect(card(page, "Tracking")).toContainText("open shipments");

  // Reload, with the ERP well again: all three.
  await dashboard(page).getByRole("button", { name: "Reload dashboard" }).click();
  await expect(card(page, "Pricing")).toContainText("list €279.00");
  await expect(card(page, "Pricing")).not.toContainText("HTTP 500");
});
