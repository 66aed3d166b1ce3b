import { ensureAgent } from "./agents";
import { DEMO_PASSWORD, deskIsLive, expect, test } from "./fixtures";
import type { Page } from "@playwright/test";

// A signed-out agent who opens a link into the desk signs in and lands where the link pointed;
// a `next` that points anywhere but this site leads to the desk's home instead.

const AGENT = { username: "noor", displayName: "Noor Haddad" };

test.beforeAll(() => ensureAgent(AGENT.username, AGENT.displayName));

async function signInHere(page: Page) {
  await page.getByLabel("Agent").fill(AGENT.username);
  await page.getByLabel("Password").fill(DEMO_PASSWORD);
  const live = deskIsLive(page);
  await page.getByRole("button", { name: "Sign in" }).click();
  await live;
}

test("A signed-out agent opening a deep link returns there after signing in", async ({ page }) => {
  await page.goto("/orders?page=2");
  await expect(page).toHaveURL("/sign-in?next=%2Forders%3Fpage%3D2");
  await signInHere(page);
  await expect(page).toHaveURL("/orders?page=2");
  await expect(page.getByRole("heading", { name: "Orders", level: 1 })).toBeVisible();

  await page.getByRole("button", { name: "Sign out" }).click();
  await expect(page).toHaveURL("/sign-in");
  await page.goto("/products/wd-drill-18v");
  await expect(page).toHaveURL("/sign-in?next=%2Fproducts%2Fwd-drill-18v");
  await signInHere(page);
  await expect(page).toHaveURL("/products/wd-drill-18v");
  await expect(page.getByRole("heading", { name: "Cordless Drill 18V", level: 1 })).toBeVisible();

  // Already signed in, the sign-in page passes straight on.
  await page.goto("/sign-in?next=%2Flab");
  await expect(page).toHaveURL("/lab");
});

for (const next of ["//evil.example", "https://evil.example", "/\\evil.example", "/\t/evil.example"]) {
  test(`Signing in with next=${JSON.stringify(next)} stays on the desk`, async ({ page }) => {
    await page.goto(`/sign-in?next=${encodeURIComponent(next)}`);
    await expect(page.getByRole("button", { name: "Sign in" })).toBeVisible();
    await expect(page.locator('input[name="returnTo"]')).toHaveCount(0);
    await signInHere(page);
    await expect(page).toHaveURL("/");
    await expect(page.getByRole("heading", { name: "Products", level: 1 })).toBeVisible();
  });
}

test("A forged return path in the sign-in form is not followed", async ({ page }) => {
  await page.goto("/sign-in?next=%2Forders");
  const returnTo = page.locator('input[name="returnTo"]');
  await expect(returnTo).toHaveValue("/orders");
  await returnTo.evaluate((input: HTMLInputElement) => (input.value = "//evil.example/orders"));
  await signInHere(page);
  await expect(page).toHaveURL("/");
});
