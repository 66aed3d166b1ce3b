import http from "node:http";
import { expect, type Page } from "@playwright/test";

/**
 * A page of another application (a CRM console) at its own origin: a real HTTP server on
 * `address:port` answering every GET with `html`. Chromium enforces framing and cookie rules on
 * real origins; a page Playwright fulfils itself does not frame like one. Close it in the test.
 */
export async function serveHostPage(address: string, port: number, html: string) {
  const server = http.createServer((_request, response) => {
    response.writeHead(200, { "content-type": "text/html; charset=utf-8", "cache-control": "no-store" });
    response.end(html);
  });
  await new Promise<void>((resolve, reject) => {
    server.once("error", reject);
    server.listen(port, address, resolve);
  });
  return {
    close: () =>
      new Promise<void>((resolve) => {
        server.closeAllConnections();
        server.close(() => resolve());
      }),
  };
}

/** What the console page records: every message its window receives, with the sender's origin. */
export interface Received {
  origin: string;
  data: { type?: string; invocationId?: string | null; [key: string]: unknown };
}

/** A "CRM console" page framing `proxyUrl`, recording every message it receives (see `received`). */
export const consoleHtml = (proxyUrl: string) => `<!doctype html><title>CRM console</title>
<script>
  window.received = [];
  addEventListener("message", (e) => received.push({ origin: e.origin, data: e.data }));
</script>
<iframe id="desk" title="Warranty Desk" src="${proxyUrl}" width="600" height="240"></iframe>`;

/** Every message the console page has received so far. */
export const received = (page: Page) =>
  page.evaluate(() => (window as unknown as { received: Received[] }).received);

/** Signs `username` in inside the page's proxy frame (titled "Warranty Desk"), through the desk's connect popup. */
export async function signInInFrame(page: Page, username: string, password: string) {
  const frame = page.locator('iframe[title="Warranty Desk"]').contentFrame();
  const popupOpened = page.waitForEvent("popup");
  await frame.getByRole("button", { name: "Sign in to Warranty Desk" }).click();
  const popup = await popupOpened;
  await popup.getByLabel("Agent").fill(username);
  await popup.getByLabel("Password").fill(password);
  await popup.getByRole("button", { name: "Sign in" }).click();
  await expect(frame.getByRole("status")).toHaveText(/^Signed in as /);
  return frame;
}
