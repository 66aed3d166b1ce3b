import fs from "node:fs";
import path from "node:path";
import { E2E_APP_PORT } from "../playwright.config";
import { prepareApp, startApp, type AppOptions, type AppProcess } from "./app-process";
import { Desk, expect, signIn, test } from "./fixtures";

// An ERP outage as the agent lives it, on an app of its own whose breaker opens after one failure
// and pauses for 12 s (opening the shared app's breaker would pause every later spec): one banner
// with a countdown, Retry unavailable and counting down, a refused row saying only that it was
// not sent, and everything back by itself when the pause ends.
const PORT = E2E_APP_PORT + 40;
const PAUSE_MS = 12_000;
const dataDir = path.resolve("data/e2e-outage");
let app: AppProcess | undefined;

test.describe.configure({ timeout: 120_000 });
test.use({ baseURL: `http://127.0.0.1:${PORT}` });

test.beforeAll(async () => {
  fs.rmSync(dataDir, { recursive: true, force: true });
  const options: AppOptions = {
    port: PORT,
    dataDir,
    instanceId: "outage",
    env: { BREAKER_FAILURES: "1", BREAKER_HALF_OPEN_AFTER_MS: String(PAUSE_MS) },
  };
  prepareApp(options);
  app = await startApp(options);
});

test.afterAll(async () => {
  await app?.kill();
  fs.rmSync(dataDir, { recursive: true, force: true });
});

test("During an outage the desk shows one banner with a countdown, and Retry comes back by itself", async ({
  page,
  erp,
}) => {
  const desk = new Desk(page);
  const [failing, refused] = ["Cordless Drill 18V", "Circular Saw 1400W"];
  await signIn(page, "alice");

  // The health answer the page polls is held at "closed" for a moment, so a second lookup can be
  // clicked while the real breaker is already open: the server refuses it without asking the ERP.
  let holdHealthClosed = true;
  await page.route("**/api/health", async (route) => {
    const response = await route.fetch();
    const body = (await response.json()) as { breakers: { state: string; probeAt: string | null }[] };
    const shown = holdHealthClosed
      ? { ...body, breakers: body.breakers.map((b) => ({ ...b, state: "closed", probeAt: null })) }
      : body;
    await route.fulfill({ response, json: shown });
  });

  await erp.fault({ mode: "status", status: 500, count: 1 });
  await desk.startButton(failing).click();
  await expect(desk.alert(failing)).toContainText("HTTP 500");
  await desk.startButton(refused).click();
  await expect(desk.alert(refused)).toContainText("was not sent");

  holdHealthClosed = false;
  const banner = page.getByTestId("erp-pause-banner");
  await expect(banner).toContainText("The ERP is failing, so the desk has paused requests to it.", {
    timeout: 10_000,
  });
  await expect(banner).toContainText(/tries again in 0:\d{2}/);
  // The refused row says it in a few words; the banner says the rest.
  await expect(desk.alert(refused)).toHaveText(
    "Lookup failed. Not sent: the ERP is paused (see the banner above).",
  );
  for (const product of [failing, refused]) {
    await expect(desk.row(product).getByRole("button", { name: /^Retry in 0:\d{2} for / })).toBeDisabled();
  }
  await expect(desk.getWarranty("Generator 3kW")).toBeDisabled();
  await expect(page.getByTestId("announcer")).toContainText("The ERP is failing.");

  // The pause ends: the banner goes and Retry is offered again, with no reload.
  await expect(banner).toHaveCount(0, { timeout: PAUSE_MS + 5_000 });
  await expect(desk.retry(failing)).toBeEnabled();
  await expect(desk.getWarranty("Generator 3kW")).toBeEnabled();
  await desk.retry(failing).click();
  await expect(desk.status(failing)).toHaveText("Active until 30 Jun 2029", { timeout: 15_000 });
});
