import type { Page } from "@playwright/test";
import { E2E_APP_PORT, E2E_EMBED_HOST_PORT } from "../playwright.config";
import { expect, test } from "./fixtures";
import { serveHostPage } from "./host-page";

// Who may frame what, as Chromium enforces it: the continuation proxy page only inside pages of
// EMBED_ORIGINS (the e2e app's is http://localhost:E2E_EMBED_HOST_PORT, another site than the app on
// 127.0.0.1), every other desk page inside nobody's. The host pages are served at
// their own origins (e2e/host-page.ts); the framed responses are the real app's.

const APP = `http://127.0.0.1:${E2E_APP_PORT}`;
const ALLOWED_HOST = `http://localhost:${E2E_EMBED_HOST_PORT}`;
const THIRD_ORIGIN = `http://127.0.0.2:${E2E_EMBED_HOST_PORT + 1}`;
const PROXY = `${APP}/embed/continuation-proxy`;

let host: { close(): Promise<void> } | undefined;
test.afterEach(async () => {
  await host?.close();
  host = undefined;
});

/** Opens a page at `origin` whose only content is an iframe of `src`; answers the frame once loaded. */
async function frameFrom(page: Page, origin: string, src: string) {
  const { hostname, port } = new URL(origin);
  host = await serveHostPage(
    hostname === "localhost" ? "127.0.0.1" : hostname,
    Number(port),
    `<!doctype html><title>Host</title><iframe id="desk" src="${src}" width="600" height="200"></iframe>`,
  );
  const loaded = page.waitForEvent("framenavigated", (frame) => frame !== page.mainFrame());
  await page.goto(`${origin}/host`);
  return loaded;
}

test("An allowed host page frames the continuation proxy", async ({ page }) => {
  const frame = await frameFrom(page, ALLOWED_HOST, PROXY);
  expect(frame.url()).toBe(PROXY);
  await expect(frame.getByRole("main")).toContainText("Warranty Desk");
});

test("A page of another origin cannot frame the continuation proxy", async ({ page }) => {
  const frame = await frameFrom(page, THIRD_ORIGIN, PROXY);
  // Chromium replaces a frame refused by frame-ancestors with its error page.
  expect(frame.url()).not.toBe(PROXY);
  await expect(page.locator("#desk").contentFrame().getByText("Warranty Desk")).toHaveCount(0);
});

test("No page of the desk but the proxy can be framed, even by the allowed host", async ({ page }) => {
  const frame = await frameFrom(page, ALLOWED_HOST, `${APP}/sign-in`);
  expect(frame.url()).not.toBe(`${APP}/sign-in`);
});

test("The proxy page and a desk page carry their framing headers", async ({ request }) => {
  const proxy = await request.get(PROXY);
  expect(proxy.status()).toBe(200);
  expect(proxy.headers()["content-security-policy"]).toContain(`frame-ancestors ${ALLOWED_HOST}`);
  expect(proxy.headers()["x-frame-options"], "no X-Frame-Options: it cannot name an origin").toBeUndefined();

  const desk = await request.get("/sign-in");
  expect(desk.headers()["content-security-policy"]).toContain("frame-ancestors 'none'");
  expect(desk.headers()["x-frame-options"]).toBe("DENY");
});
