import { expect, signIn, test, WARRANTY_ROUTE } from "./fixtures";

// One of bob's products no other spec uses.
const product = "Generator 3kW";

test("An agent cancels a pending lookup, then starts a new one", async ({ page, desk, erp }) => {
  await signIn(page, "bob");
  // The ERP holds the lookup and never answers: it stays pending until Cancel (or, long after, the
  // app's deadline), whenever this process gets to look.
  await erp.fault({ route: WARRANTY_ROUTE, mode: "hang", count: 1 });
  await desk.startButton(product).click();
  await desk.expectPending(product);

  await desk.row(product).getByRole("button", { name: "Cancel" }).click();
  await expect(desk.row(product)).toContainText("Cancelled.");
  await expect(desk.getWarranty(product)).toBeEnabled();

  // The server agrees (the runtime's own tests prove the callback never runs).
  await page.reload();
  await expect(desk.row(product)).toContainText("Cancelled.");

  // And a new lookup works.
  await erp.clearFaults();
  await desk.getWarranty(product).click();
  await expect(desk.status(product)).toHaveText("Active until 28 Feb 2029");
});
