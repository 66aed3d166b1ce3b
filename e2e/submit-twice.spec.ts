import { expect, isServerAction, signIn, test } from "./fixtures";

// A product of bob's (alice's are warranty.spec.ts's). Named to sort after screenshots.spec.ts, so
// that its list.png shows bob's desk untouched (files run in name order with one worker).

test("An agent who double-clicks Get warranty starts one lookup", async ({ page, desk, erp }) => {
  const product = "Concrete Mixer Pro";
  await signIn(page, "bob");
  // Counters as deltas: a reset would make the ERP hand out order numbers the desk has recorded.
  const before = (await erp.stats()).requests["GET /warranty/:serial"] ?? 0;
  const actions: string[] = [];
  page.on("response", (response) => {
    if (isServerAction(response)) actions.push(response.url());
  });

  // Both clicks land in the same instant (no delay), before React has re-rendered the button.
  await desk.getWarranty(product).dblclick();
  await expect(desk.status(product)).toHaveText("Active until 31 Dec 2030");
  await expect(desk.checkAgain(product)).toBeEnabled();

  expect(actions.length, "server actions started by one double-click").toBe(1);
  const stats = await erp.stats();
  expect(
    (stats.requests["GET /warranty/:serial"] ?? 0) - before,
    "ERP warranty requests for one double-click",
  ).toBe(1);
});
