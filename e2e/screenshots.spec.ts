import path from "node:path";
import type { Page, TestInfo } from "@playwright/test";
import { expect, signIn, test } from "./fixtures";

// For people to look at: test-results/screens/*.png. Signed in as bob, whose products no earlier
// spec looks up (alice's are warranty.spec.ts's; submit-twice.spec.ts runs after this file), so
// every state shown is this test's own.

async function shoot(page: Page, testInfo: TestInfo, name: string) {
  await page.screenshot({
    path: path.join(testInfo.project.outputDir, "screens", `${name}.png`),
    fullPage: true,
  });
}

test("The desk in each state", async ({ page, desk, erp }, testInfo) => {
  await page.goto("/");
  await expect(page).toHaveURL(/\/sign-in$/);
  await expect(page.getByRole("button", { name: "Sign in" })).toBeVisible();
  await shoot(page, testInfo, "signed-out");

  await signIn(page, "bob");
  await expect(desk.productRows()).toHaveCount(11);
  await expect(desk.getWarranty("Cordless Drill 18V")).toBeVisible();
  await shoot(page, testInfo, "list");

  // The ERP holds this lookup and never answers: the row is pending for the shot, however long
  // this process takes to get there. Then it is cancelled, and a second lookup gets the result.
  await erp.fault({ mode: "hang", count: 1 });
  await desk.getWarranty("Cordless Drill 18V").click();
  await desk.expectPending("Cordless Drill 18V");
  await shoot(page, testInfo, "pending");
  await desk.row("Cordless Drill 18V").getByRole("button", { name: "Cancel" }).click();
  await expect(desk.row("Cordless Drill 18V")).toContainText("Cancelled.");

  await desk.getWarranty("Cordless Drill 18V").click();
  await expect(desk.status("Cordless Drill 18V")).toHaveText("Active until 30 Jun 2029");
  await shoot(page, testInfo, "active");

  await desk.getWarranty("Circular Saw 1400W").click();
  await expect(desk.status("Circular Saw 1400W")).toHaveText("Expired on 15 Mar 2024");
  await shoot(page, testInfo, "expired");

  await erp.fault({ mode: "status", status: 500, count: 1 });
  await desk.getWarranty("Angle Grinder 125mm").click();
  await expect(desk.alert("Angle Grinder 125mm")).toContainText("HTTP 500");
  await expect(desk.retry("Angle Grinder 125mm")).toBeVisible();
  await shoot(page, testInfo, "error");
});
