import type { Page } from "@playwright/test";
import { E2E_APP_PORT, E2E_EMBED_HOST_PORT } from "../playwright.config";
import { DEMO_PASSWORD, expect, test } from "./fixtures";
import { consoleHtml, received, serveHostPage, signInInFrame } from "./host-page";

// Signing in inside the continuation proxy, framed by a page of another site (docs/decisions/008):
// the frame opens the desk's connect popup, the popup hands it a one-time code, and the frame
// exchanges it for a partitioned cookie naming the desk's session.

const APP = `http://127.0.0.1:${E2E_APP_PORT}`;
const HOST = `http://localhost:${E2E_EMBED_HOST_PORT}`;
const PROXY = `${APP}/embed/continuation-proxy?host=${encodeURIComponent(HOST)}`;

let host: { close(): Promise<void> } | undefined;
test.beforeEach(async () => {
  host = await serveHostPage("127.0.0.1", E2E_EMBED_HOST_PORT, consoleHtml(PROXY));
});
test.afterEach(async () => {
  await host?.close();
  host = undefined;
});

/** The host page: the proxy in a frame, and every message the frame posts, recorded with its origin. */
async function openHost(page: Page) {
  await page.goto(`${HOST}/console`);
  return page.locator("#desk").contentFrame();
}

const lastReady = async (page: Page) =>
  (await received(page)).filter((m) => m.data?.type === "ready").at(-1) ?? null;

test("An agent signs in inside the frame through the desk's popup, and the host hears it", async ({
  page,
  context,
}) => {
  const frame = await openHost(page);
  await expect(frame.getByRole("status")).toHaveText("Not signed in.");
  await expect
    .poll(() => lastReady(page))
    .toEqual({
      origin: APP,
      data: { protocol: "warranty-desk/continuation-proxy@1", type: "ready", signedIn: false },
    });

  const popupOpened = page.waitForEvent("popup");
  await frame.getByRole("button", { name: "Sign in to Warranty Desk" }).click();
  const popup = await popupOpened;
  await expect(popup.getByRole("heading")).toHaveText("Sign in to Warranty Desk");
  await expect(popup.getByText(HOST)).toBeVisible();
  await popup.getByLabel("Agent").fill("alice");
  await popup.getByLabel("Password").fill(DEMO_PASSWORD);
  const closed = popup.waitForEvent("close");
  await popup.getByRole("button", { name: "Sign in" }).click();
  await closed;

  await expect(frame.getByRole("status")).toHaveText("Signed in as Alice Moreau.");
  await expect
    .poll(() => lastReady(page))
    .toMatchObject({
      origin: APP,
      data: { signedIn: true, agent: { displayName: "Alice Moreau" } },
    });
  // The frame's cookie lives in the host site's partition, and only there.
  const embed = (await context.cookies(APP)).filter((c) => c.name === "__Host-warranty_desk_embed");
  expect(embed).toHaveLength(1);
  expect(embed[0]).toMatchObject({ httpOnly: true, secure: true, sameSite: "None" });
  expect((embed[0] as { partitionKey?: string }).partitionKey).toBe("http://localhost");
});

test("Signing out in the desk ends the frame's session", async ({ page, context }) => {
  await openHost(page);
  const frame = await signInInFrame(page, "bob", DEMO_PASSWORD);
  await expect(frame.getByRole("status")).toHaveText("Signed in as Bob Lindqvist.");

  const desk = await context.newPage();
  await desk.goto(`${APP}/`);
  await desk.getByRole("button", { name: "Sign out" }).click();
  await desk.waitForURL(`${APP}/sign-in`);

  // The frame's event stream notices within seconds, with nothing reloaded by the host.
  await expect.poll(() => lastReady(page), { timeout: 20_000 }).toMatchObject({ data: { signedIn: false } });
  await expect(frame.getByRole("status")).toHaveText("Not signed in.");
});

test("An agent already signed in at the desk connects without typing a password", async ({
  page,
  context,
}) => {
  const desk = await context.newPage();
  await desk.goto(`${APP}/sign-in`);
  await desk.getByLabel("Agent").fill("alice");
  await desk.getByLabel("Password").fill(DEMO_PASSWORD);
  await desk.getByRole("button", { name: "Sign in" }).click();
  await desk.waitForURL(`${APP}/`);

  const frame = await openHost(page);
  const popupOpened = page.waitForEvent("popup");
  await frame.getByRole("button", { name: "Sign in to Warranty Desk" }).click();
  await (await popupOpened).waitForEvent("close");
  await expect(frame.getByRole("status")).toHaveText("Signed in as Alice Moreau.");
});

test("A forged code, and a connect popup for a host not on the list, are refused", async ({
  page,
  request,
}) => {
  const forged = await request.post("/api/embed/session", { data: { code: "Fe26.2**forged" } });
  expect(forged.status()).toBe(400);
  expect(((await forged.json()) as { error: { code: string } }).error.code).toBe("INVALID_CODE");

  await page.goto(`/embed/connect?host=${encodeURIComponent("https://evil.example")}`);
  await expect(page.getByRole("main").getByRole("alert")).toContainText(
    "This application is not allowed to use Warranty Desk",
  );
});

test("The connect popup keeps its opener; the desk's other pages cut it", async ({ request }) => {
  const connect = await request.get(`/embed/connect?host=${encodeURIComponent(HOST)}`);
  expect(connect.headers()["cross-origin-opener-policy"]).toBe("unsafe-none");
  expect(connect.headers()["x-frame-options"]).toBe("DENY");
  const signIn = await request.get("/sign-in");
  expect(signIn.headers()["cross-origin-opener-policy"]).toBe("same-origin");
});
