import { expect, gotoProduct, OrderSection, PRODUCTS, signIn, test } from "./fixtures";

for (const width of [1280, 390]) {
  test(`look ${width}`, async ({ page, desk, erp }) => {
    await page.setViewportSize({ width, height: 900 });
    await signIn(page, "bob");
    await erp.fault({ mode: "latency", latencyMs: 4000, count: 1 });
    await desk.startButton("Cordless Drill 18V").click();
    await page.waitForTimeout(1500);
    await page.screenshot({ path: `/tmp/shots/${width}-pending.png` });
    await expect(desk.status("Cordless Drill 18V")).toHaveText(/Active/, { timeout: 15000 });
    await page.screenshot({ path: `/tmp/shots/${width}-result.png` });
    const p = PRODUCTS.find((x) => x.name === "Orbital Sander")!;
    await gotoProduct(page, p);
    const o = new OrderSection(page);
    if (await o.button("New order").isVisible()) await o.button("New order").click();
    await o.create(2, `PO-LOOK-${width}`);
    await expect(o.placed()).toBeVisible({ timeout: 20000 });
    await page.screenshot({ path: `/tmp/shots/${width}-product.png`, fullPage: true });
    await page.goto("/orders");
    await page.screenshot({ path: `/tmp/shots/${width}-orders.png`, fullPage: true });
  });
}
