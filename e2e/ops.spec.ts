import fs from "node:fs";
import path from "node:path";
import type { Browser, Page, Request } from "@playwright/test";
import { E2E_APP_PORT } from "../playwright.config";
import { prepareApp, startApp, type AppOptions, type AppProcess } from "./app-process";
import { Desk, ERP_URL, expect, screenshot, signIn, test, UUID } from "./fixtures";
import { signInAsOperator, startErpSwitch } from "./operators";
import { expectNoAxeViolations } from "./page-checks";

// The operators' console on an app of its own: its ERP can be taken down as a whole (health check
// included) and its breaker opens after one failure and stays open until someone probes or resets
// it, so opening it pauses no other spec. Tests run in order: each continues the story.
const PORT = E2E_APP_PORT + 45;
const INSTANCE = "ops-e2e";
const dataDir = path.resolve("data/e2e-ops");
let app: AppProcess | undefined;
let erpSwitch: Awaited<ReturnType<typeof startErpSwitch>> | undefined;

const DRILL = "Cordless Drill 18V";
const SAW = "Circular Saw 1400W";
const GRINDER = "Angle Grinder 125mm";
const SANDER = "Orbital Sander";

test.describe.configure({ mode: "serial", timeout: 120_000 });
test.use({ baseURL: `http://127.0.0.1:${PORT}` });

test.beforeAll(async () => {
  fs.rmSync(dataDir, { recursive: true, force: true });
  erpSwitch = await startErpSwitch(ERP_URL);
  const options: AppOptions = {
    port: PORT,
    dataDir,
    instanceId: INSTANCE,
    env: {
      ERP_URL: erpSwitch.url,
      BREAKER_FAILURES: "1",
      BREAKER_HALF_OPEN_AFTER_MS: "600000",
      // The held lookup stays pending until alice cancels it, however slow the machine.
      CONTINUATION_LIMITS: JSON.stringify({ defaultTimeoutSeconds: 120 }),
    },
  };
  prepareApp(options);
  app = await startApp(options);
});

test.afterAll(async () => {
  await app?.kill();
  await erpSwitch?.close();
  fs.rmSync(dataDir, { recursive: true, force: true });
});

/** A signed-in page of its own (its own cookies) in `browser`. */
async function newPage(browser: Browser): Promise<Page> {
  const context = await browser.newContext({ baseURL: `http://127.0.0.1:${PORT}` });
  return context.newPage();
}

let alice: Page;
let ops: Page;
let heldId = "";
/** The server action call the operator's browser sent for Reset, replayed by others below. */
let resetCall: { url: string; headers: Record<string, string>; body: Buffer } | undefined;

const table = (page: Page) => page.getByRole("table", { name: "Continuations" });
const dataRows = (page: Page) =>
  table(page)
    .getByRole("row")
    .filter({ has: page.getByRole("rowheader") });
const breakerPanel = (page: Page, credential: string) =>
  page.getByRole("region", { name: credential, exact: true });
const historyRows = (page: Page, credential: string) =>
  page
    .getByRole("table", { name: `History of ${credential}` })
    .getByRole("row")
    .filter({ has: page.getByRole("rowheader") });

test("An operator sees every agent's work, filtered, with counts, the stuck one first", async ({
  browser,
  erp,
}, testInfo) => {
  const bob = await newPage(browser);
  await signIn(bob, "bob");
  await new Desk(bob).getWarranty(GRINDER).click();
  await expect(new Desk(bob).status(GRINDER)).toHaveText(/^(Active until|Expired on)/);
  await bob.context().close();

  alice = await newPage(browser);
  const desk = new Desk(alice);
  await signIn(alice, "alice");
  await erp.fault({ mode: "hang", count: 1 });
  await desk.getWarranty(DRILL).click();
  await desk.expectPending(DRILL);
  await erp.fault({ mode: "status", status: 500, count: 1 });
  await desk.getWarranty(SAW).click();
  await expect(desk.alert(SAW)).toContainText("HTTP 500");

  ops = await newPage(browser);
  await signInAsOperator(ops);
  await expect(dataRows(ops)).toHaveCount(3);
  // The held lookup goes through the ERP credential, whose breaker the failure opened.
  const first = dataRows(ops).first();
  await expect(first).toContainText("Stuck: Waiting on an open breaker (ERP)");
  await expect(first).toContainText("pending");
  await expect(first).toContainText("alice");
  await expect(first).toContainText("warranty.received");
  await expect(first).toContainText(INSTANCE);
  const href = await first.getByRole("link").getAttribute("href");
  expect(href).toMatch(new RegExp(`^/ops/continuations/${UUID.source}$`));
  heldId = href!.split("/").pop()!;
  await expect(dataRows(ops).nth(1)).toContainText("failed");
  await expect(dataRows(ops).nth(2)).toContainText("bob");
  const counts = { all: "3", pending: "1", completed: "1", failed: "1", cancelled: "0" };
  for (const [status, count] of Object.entries(counts)) {
    await expect(ops.getByTestId(`count-${status}`)).toContainText(count);
  }
  await screenshot(ops, testInfo, "ops-continuations-1280");
  await expectNoAxeViolations(ops, "the console's continuations");

  // Filter by agent, then by status too: the filter is the address.
  await ops.getByLabel("Agent", { exact: true }).fill("alice");
  await ops.getByRole("button", { name: "Apply" }).click();
  await expect(ops).toHaveURL(/[?&]agent=alice/);
  await expect(dataRows(ops)).toHaveCount(2);
  await expect(table(ops)).not.toContainText("bob");
  await expect(ops.getByTestId("count-completed")).toContainText("0");
  await expect(ops.getByTestId("count-all")).toContainText("2");
  await ops.getByLabel("Status", { exact: true }).selectOption("failed");
  await ops.getByRole("button", { name: "Apply" }).click();
  await expect(ops).toHaveURL(/status=failed/);
  await expect(dataRows(ops)).toHaveCount(1);
  await expect(dataRows(ops).first()).toContainText("failed");
  await expect(ops.getByLabel("Agent", { exact: true })).toHaveValue("alice");

  // Bad values are named; nothing is listed.
  await ops.goto("/ops?status=stuck&from=yesterday&agent=nobody");
  const alert = ops.getByRole("main").getByRole("alert");
  await expect(alert).toContainText('Status: "stuck" is not one of pending, completed, failed, cancelled.');
  await expect(alert).toContainText(
    'Created from: "yesterday" is not a date and time like 2026-12-05T14:30.',
  );
  await expect(table(ops)).toHaveCount(0);
  await ops.goto("/ops?agent=nobody");
  await expect(ops.getByRole("main").getByRole("alert")).toContainText('Agent: no agent is named "nobody".');

  await ops.setViewportSize({ width: 390, height: 844 });
  await ops.goto("/ops");
  await expect(dataRows(ops)).toHaveCount(3);
  await screenshot(ops, testInfo, "ops-continuations-390");
  await expectNoAxeViolations(ops, "the console's continuations on a phone");
  await ops.setViewportSize({ width: 1280, height: 720 });

  // Alice gives up on the held lookup: no longer stuck, and the cancel is on the audit trail.
  await desk.row(DRILL).getByRole("button", { name: "Cancel" }).click();
  await expect(desk.row(DRILL)).toContainText("Cancelled.");
  await ops.goto("/ops");
  await expect(ops.getByTestId("stuck")).toHaveCount(0);
  await expect(ops.getByTestId("count-cancelled")).toContainText("1");
});

test("An operator probes a failing ERP, probes it again once it answers, and resets a reopened breaker", async ({
  erp,
}, testInfo) => {
  await ops.goto("/ops/breakers");
  const panel = breakerPanel(ops, "ERP");
  await expect(ops.getByText(`this instance's, ${INSTANCE}`)).toBeVisible();
  await expect(ops.getByTestId("state-ERP")).toHaveText("open");
  await expect(historyRows(ops, "ERP").first()).toContainText("open");
  await expect(historyRows(ops, "ERP").first()).toContainText("failures in a row");
  await expect(historyRows(ops, "ERP").first()).toContainText(INSTANCE);

  // The ERP is down, health check and all: the probe fails and the breaker stays open. By keyboard.
  erpSwitch!.setDown(true);
  const probe = panel.getByRole("button", { name: "Probe for ERP" });
  for (let i = 0; i < 30 && !(await probe.evaluate((b) => b === document.activeElement)); i++) {
    await ops.keyboard.press("Tab");
  }
  await expect(probe).toBeFocused();
  await ops.keyboard.press("Enter");
  const outcome = ops.getByTestId("outcome-ERP");
  await expect(outcome).toHaveText(/^Probe of ERP: HTTP 503 in \d+ ms\. The breaker is open now\.$/);
  await expect(ops.getByTestId("state-ERP")).toHaveText("open");

  erpSwitch!.setDown(false);
  await probe.click();
  await expect(outcome).toHaveText(/^Probe of ERP: HTTP 200 in \d+ ms\. The breaker is closed now\.$/);
  await expect(ops.getByTestId("state-ERP")).toHaveText("closed");
  await expect(async () => {
    await ops.reload();
    await expect(historyRows(ops, "ERP").first()).toContainText("an operator's probe", { timeout: 1_000 });
  }).toPass();
  await expect(historyRows(ops, "ERP").first()).toContainText("closed");

  // One more failure opens it again; Reset closes it.
  await erp.fault({ mode: "status", status: 500, count: 1 });
  await new Desk(alice).getWarranty(SANDER).click();
  await expect(new Desk(alice).alert(SANDER)).toContainText("HTTP 500");
  await ops.reload();
  await expect(ops.getByTestId("state-ERP")).toHaveText("open");
  const sent = ops.waitForRequest((r: Request) => r.method() === "POST" && !!r.headers()["next-action"]);
  await panel.getByRole("button", { name: "Reset for ERP" }).click();
  const request = await sent;
  resetCall = { url: request.url(), headers: await request.allHeaders(), body: request.postDataBuffer()! };
  await expect(outcome).toHaveText("ERP's breaker was reset (it was open); it is closed now.");
  await expect(ops.getByTestId("state-ERP")).toHaveText("closed");
  await expect(async () => {
    await ops.reload();
    await expect(historyRows(ops, "ERP").first()).toContainText("an operator's reset", { timeout: 1_000 });
  }).toPass();
  await screenshot(ops, testInfo, "ops-breakers-1280");
  await expectNoAxeViolations(ops, "the console's breakers");
  await ops.setViewportSize({ width: 390, height: 844 });
  await screenshot(ops, testInfo, "ops-breakers-390");
  await expectNoAxeViolations(ops, "the console's breakers on a phone");
  await ops.setViewportSize({ width: 1280, height: 720 });
});

test("The audit trail lists who started, retried and cancelled what, and every operator action", async ({}, testInfo) => {
  // The worklist's Retry starts the chain again as a retry (the product row's starts a new lookup).
  await alice.goto("/attention");
  await alice.getByRole("button", { name: new RegExp(`^Retry for .*${SAW}`) }).click();
  await expect(alice.getByRole("button", { name: new RegExp(`^Retry for .*${SAW}`) })).toHaveCount(0);

  await ops.goto("/ops/audit");
  await expect(async () => {
    await ops.reload();
    await expect(ops.getByRole("cell", { name: /^Retried/ })).toBeVisible({ timeout: 1_000 });
  }).toPass();
  const rows = ops
    .getByRole("table", { name: "Audit trail" })
    .getByRole("row")
    .filter({ has: ops.getByRole("rowheader") });
  const expected = [
    ["alice", "Retried"],
    ["ops", "Reset the breaker (it was open)"],
    ["alice", "Started"],
    ["ops", "Probed the breaker: HTTP 200, closed afterwards"],
    ["ops", "Probed the breaker: HTTP 503, open afterwards"],
    ["alice", "Cancelled"],
    ["alice", "Started"],
    ["alice", "Started"],
    ["bob", "Started"],
  ];
  await expect(rows).toHaveCount(expected.length);
  for (const [i, [who, what]] of expected.entries()) {
    await expect(rows.nth(i).getByRole("cell").nth(0)).toContainText(who!);
    await expect(rows.nth(i).getByRole("cell").nth(1)).toContainText(what!);
  }
  await expect(rows.nth(5).getByRole("link")).toHaveAttribute("href", `/ops/continuations/${heldId}`);
  await expect(rows.nth(1).getByRole("link")).toHaveText("Breaker ERP");
  await screenshot(ops, testInfo, "ops-audit-1280");
  await expectNoAxeViolations(ops, "the audit trail");
  await ops.setViewportSize({ width: 390, height: 844 });
  await screenshot(ops, testInfo, "ops-audit-390");
  await expectNoAxeViolations(ops, "the audit trail on a phone");
  await ops.setViewportSize({ width: 1280, height: 720 });
});

test("Agents get 404 for the console and its actions; a browser without a session is asked to sign in", async ({
  playwright,
  erp,
}) => {
  for (const address of [
    "/ops",
    "/ops/breakers",
    "/ops/audit",
    "/ops?status=failed",
    `/ops/continuations/${heldId}`,
  ]) {
    const response = await alice.goto(address);
    expect(response?.status(), address).toBe(404);
    await expect(alice.getByRole("heading", { name: "Page not found" })).toBeVisible();
  }
  await alice.goto("/");
  await expect(
    alice.getByRole("navigation", { name: "Main" }).getByRole("link", { name: "Operations" }),
  ).toHaveCount(0);
  await ops.goto("/");
  await ops.getByRole("navigation", { name: "Main" }).getByRole("link", { name: "Operations" }).click();
  await expect(ops).toHaveURL(/\/ops$/);

  // Open the breaker again, then replay the operator's own Reset call as alice and as nobody.
  await erp.fault({ mode: "status", status: 500, count: 1 });
  await alice.goto("/");
  await new Desk(alice).getWarranty(GRINDER).click();
  await expect(new Desk(alice).alert(GRINDER)).toContainText("HTTP 500");
  // The operator's cookie stays behind: each replays it with its own (or none).
  const headers = Object.fromEntries(
    Object.entries(resetCall!.headers).filter(
      ([name]) => !["cookie", "content-length", "host"].includes(name),
    ),
  );
  const replay = { headers, data: resetCall!.body, maxRedirects: 0 };
  const asAlice = await alice.request.post(resetCall!.url, replay);
  expect(asAlice.status()).toBe(404);
  const anonymous = await playwright.request.newContext({ baseURL: `http://127.0.0.1:${PORT}` });
  const asNobody = await anonymous.post(resetCall!.url, replay);
  expect(asNobody.headers()["x-action-redirect"] ?? asNobody.headers()["location"]).toMatch(/^\/sign-in/);
  await ops.goto("/ops/breakers");
  await expect(ops.getByTestId("state-ERP")).toHaveText("open");
  await ops.goto("/ops/audit");
  await expect(ops.getByText("Reset the breaker")).toHaveCount(1);

  // Anyone signed out is sent to sign in, and lands back on the console page they asked for.
  const page = await anonymous.get("/ops/audit", { maxRedirects: 0 });
  expect(page.status()).toBe(307);
  expect(page.headers()["location"]).toBe("/sign-in?next=%2Fops%2Faudit");
  await anonymous.dispose();
  await ops.getByRole("button", { name: "Sign out" }).click();
  await ops.goto("/ops/breakers");
  await expect(ops).toHaveURL(/\/sign-in\?next=%2Fops%2Fbreakers$/);
  await ops.getByLabel("Agent", { exact: true }).fill("ops");
  await ops.getByLabel("Password").fill("warranty-demo");
  await ops.getByRole("button", { name: "Sign in" }).click();
  await expect(ops).toHaveURL(/\/ops\/breakers$/);
  await ops.getByRole("button", { name: "Reset for ERP", exact: true }).click();
  await expect(ops.getByTestId("state-ERP")).toHaveText("closed");
  // A signed-in operator who opens the sign-in page is sent to the console.
  await ops.goto("/sign-in");
  await expect(ops).toHaveURL(/\/ops$/);
});
