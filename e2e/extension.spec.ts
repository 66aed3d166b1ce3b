import { ERP_ROUTES, expect, gotoProduct, PRODUCTS, screenshot, signIn, test } from "./fixtures";
import { isBusy, recordNow, timeline } from "./state-recorder";

// Expired warranties of bob's that no other spec looks up as bob (his Cordless Drill, Circular
// Saw, Angle Grinder, Generator, Pressure Washer and Concrete Mixer are other specs').
const sander = PRODUCTS.find((p) => p.name === "Orbital Sander")!;
const compressor = PRODUCTS.find((p) => p.name === "Air Compressor 50L")!;

test("An agent looks up an expired warranty and sees extension offers", async ({
  page,
  desk,
  erp,
}, testInfo) => {
  await signIn(page, "bob");
  // Slow enough to see the second request of the chain: the lookup, then the offers.
  await erp.fault({ route: ERP_ROUTES.extension, mode: "latency", latencyMs: 1500, count: 1 });
  await page.getByRole("link", { name: sander.name, exact: true }).click();
  await expect(page).toHaveURL(/\/products\/wd-sand-orb$/);
  await expect(page.getByRole("heading", { name: sander.name, level: 1 })).toBeVisible();

  const warranty = page.getByRole("region", { name: "Warranty" });
  // The panel's states, recorded in the page: the offers step lasts only the ERP's 1.5 s.
  const recorder = await recordNow(page, { kind: "panels", names: ["Warranty"] });
  await warranty.getByRole("button", { name: "Get warranty" }).click();

  await expect(warranty.getByTestId("status")).toHaveText("Expired on 30 Sep 2025");
  // Asking the ERP, then asking for the offers (still a disabled "Submitted…"), then the expiry.
  const { states } = await recorder.sinceLastClick("Warranty");
  const shownAt = states.findIndex((s) => s.state.startsWith("Expired on 30 Sep 2025 | "));
  const asking = states.findIndex((s) => s.state.startsWith("Asking for extension offers… | "));
  expect(shownAt, `the expiry after the click: ${timeline(states)}`).toBeGreaterThan(0);
  expect(asking, `asking for the offers before the expiry: ${timeline(states)}`).toBeGreaterThanOrEqual(0);
  expect(asking, `asking for the offers before the expiry: ${timeline(states)}`).toBeLessThan(shownAt);
  expect(
    states.slice(0, shownAt).every(isBusy),
    `pending until the expiry, with a disabled Submitted…: ${timeline(states)}`,
  ).toBe(true);
  const offers = warranty.getByRole("list", { name: "Extension offers" });
  // 12 %, 20 % and 27 % of the list price (€64.50).
  await expect(offers.getByRole("listitem")).toHaveText([
    "Extend 12 months · €7.74",
    "Extend 24 months · €12.90",
    "Extend 36 months · €17.42",
  ]);
  await expect(warranty.getByRole("button", { name: "Check again" })).toBeEnabled();
  await expect(warranty.getByRole("alert")).toHaveCount(0);
  await screenshot(page, testInfo, "extension-offers");

  // The product list shows the same lookup.
  await page.getByRole("link", { name: "← All products" }).click();
  await expect(desk.status(sander.name)).toHaveText("Expired on 30 Sep 2025");
  await expect(
    desk.row(sander.name).getByRole("list", { name: "Extension offers" }).getByRole("listitem"),
  ).toHaveCount(3);
});

test("An agent looks up an expired warranty while the ERP cannot give offers, and still sees the expiry", async ({
  page,
  erp,
}) => {
  await signIn(page, "bob");
  await gotoProduct(page, compressor);
  await erp.fault({ route: ERP_ROUTES.extension, mode: "status", status: 503, count: 1 });
  const warranty = page.getByRole("region", { name: "Warranty" });
  await warranty.getByRole("button", { name: "Get warranty" }).click();

  // The lookup itself succeeded: the expiry shows, the offers' failure is told beside it.
  await expect(warranty.getByTestId("status")).toHaveText("Expired on 1 Nov 2023");
  await expect(warranty).toContainText(
    "Extension offers unavailable: The ERP answered the warranty extension lookup with an error (HTTP 503 Service Unavailable).",
  );
  await expect(warranty.getByRole("list", { name: "Extension offers" })).toHaveCount(0);
  await expect(warranty.getByRole("alert")).toHaveCount(0);
  await expect(warranty.getByRole("button", { name: "Check again" })).toBeEnabled();

  // Check again, with the ERP well again: the offers (of €229.00) come.
  await warranty.getByRole("button", { name: "Check again" }).click();
  await expect(warranty.getByRole("list", { name: "Extension offers" }).getByRole("listitem")).toHaveText([
    "Extend 12 months · €27.48",
    "Extend 24 months · €45.80",
    "Extend 36 months · €61.83",
  ]);
  await expect(warranty.getByTestId("status")).toHaveText("Expired on 1 Nov 2023");
});
