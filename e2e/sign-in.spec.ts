import type { Page } from "@playwright/test";
import { AGENTS, expect, PRODUCTS, signIn, test } from "./fixtures";

const SESSION_COOKIE = "warranty_desk_session";

// Inside <main>: Next.js also renders an empty role=alert route announcer outside it.
const formAlert = (page: Page) => page.getByRole("main").getByRole("alert");

test("A signed-out visitor is sent to the sign-in page", async ({ page }) => {
  await page.goto("/");
  await expect(page).toHaveURL(/\/sign-in$/);
  await expect(page.getByRole("heading", { name: "Warranty Desk" })).toBeVisible();
  await expect(page.getByLabel("Agent")).toBeVisible();
  await expect(page.getByLabel("Password")).toBeVisible();
  await expect(page.getByRole("button", { name: "Sign in" })).toBeEnabled();
});

test("An agent who types a wrong password is told so and stays signed out", async ({ page, context }) => {
  await page.goto("/sign-in");
  await page.getByLabel("Agent").fill("alice");
  await page.getByLabel("Password").fill("not-the-password");
  await page.getByRole("button", { name: "Sign in" }).click();
  await expect(formAlert(page)).toHaveText("Unknown agent or wrong password.");
  await expect(page).toHaveURL(/\/sign-in$/);

  // An unknown agent gets the same answer (no hint which of the two was wrong).
  await page.getByLabel("Agent").fill("mallory");
  await page.getByLabel("Password").fill("warranty-demo");
  await page.getByRole("button", { name: "Sign in" }).click();
  await expect(formAlert(page)).toHaveText("Unknown agent or wrong password.");

  expect((await context.cookies()).map((c) => c.name)).not.toContain(SESSION_COOKIE);
  await page.goto("/");
  await expect(page).toHaveURL(/\/sign-in$/);
});

test("An agent signs in and sees the product list", async ({ page, desk }) => {
  await signIn(page, "alice");
  await expect(page.getByText(`Signed in as ${AGENTS.alice.displayName}`)).toBeVisible();
  await expect(page.getByText("11 products")).toBeVisible();
  await expect(desk.productRows()).toHaveCount(PRODUCTS.length);
  for (const product of PRODUCTS) {
    const row = desk.row(product.name);
    await expect(row.getByRole("rowheader")).toContainText(product.name);
    await expect(row.getByRole("rowheader")).toContainText(product.sku);
    await expect(row.getByRole("cell").first()).toHaveText(product.serial);
  }
});

test("An agent signs out, is back on sign-in, and the desk is closed again", async ({
  page,
  context,
  browser,
}) => {
  await signIn(page, "bob");
  const copied = await context.cookies();
  await page.getByRole("button", { name: "Sign out" }).click();
  await expect(page).toHaveURL(/\/sign-in$/);
  await expect(page.getByRole("button", { name: "Sign in" })).toBeVisible();
  await page.goto("/");
  await expect(page).toHaveURL(/\/sign-in$/);
  const status = await page.request.get("/api/continuations/00000000-0000-4000-8000-000000000000");
  expect(status.status()).toBe(401);

  // The session ended on the server: a copy of the old cookie opens nothing.
  const other = await browser.newContext();
  await other.addCookies(copied);
  const replay = await other.newPage();
  await replay.goto("/");
  await expect(replay).toHaveURL(/\/sign-in$/);
  await other.close();
});

test("An agent whose session has ended is told to sign in again", async ({ page, context, desk }) => {
  await signIn(page, "bob");
  await context.clearCookies(); // as if the session had expired while the page stayed open
  await desk.getWarranty("Pressure Washer 2200psi").click();
  const alert = desk.alert("Pressure Washer 2200psi");
  await expect(alert).toContainText("Your session has ended. Please sign in again.");
  await alert.getByRole("link", { name: "Sign in again" }).click();
  await expect(page).toHaveURL(/\/sign-in$/);
});

test("The session cookie cannot be read by page scripts (HttpOnly)", async ({ page, context }) => {
  await signIn(page, "alice");
  const cookie = (await context.cookies()).find((c) => c.name === SESSION_COOKIE);
  expect(cookie, `a ${SESSION_COOKIE} cookie`).toBeDefined();
  expect(cookie?.httpOnly).toBe(true);
  expect(cookie?.sameSite).toBe("Lax");
  expect(cookie?.path).toBe("/");
  expect(await page.evaluate(() => document.cookie)).not.toContain(SESSION_COOKIE);
});
