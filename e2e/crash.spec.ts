import fs from "node:fs";
import path from "node:path";
import { startApp, prepareApp, type AppOptions, type AppProcess } from "./app-process";
import { expect, gotoProduct, signIn, test } from "./fixtures";

// The crash matrix: the app is killed with SIGKILL at each point of the order chain, restarted,
// and must end the order exactly once. The app here is this file's own process (port 3230, its
// own database), so the test can kill it; the mock ERP is the suite's.
const options: AppOptions = { port: 3230, dataDir: path.resolve("data/e2e-crash"), instanceId: "crash-app" };
test.use({ baseURL: `http://127.0.0.1:${options.port}` });
test.describe.configure({ timeout: 120_000 });

const POINTS = [
  {
    point: "after-mark-sent:order",
    what: "before the order request is sent",
    product: "Cordless Drill 18V",
    sku: "WD-DRILL-18V",
  },
  {
    point: "in-flight",
    what: "while the order request is in flight",
    product: "Circular Saw 1400W",
    sku: "WD-SAW-CIRC",
  },
  {
    point: "after-response:order",
    what: "after the ERP's answer arrived, before its step committed",
    product: "Angle Grinder 125mm",
    sku: "WD-GRIND-125",
  },
  {
    point: "in-callback:order.status-read",
    what: "inside the callback that writes the order",
    product: "Orbital Sander",
    sku: "WD-SAND-ORB",
  },
  {
    point: "after-commit:order.status-read",
    what: "after the commit, before the agent saw it",
    product: "Concrete Mixer Pro",
    sku: "WD-MIX-PRO",
  },
] as const;

let app: AppProcess | undefined;

test.beforeAll(() => {
  fs.rmSync(options.dataDir, { recursive: true, force: true });
  prepareApp(options);
});

test.afterEach(async () => {
  await app?.kill();
  app = undefined;
});

test.afterAll(() => fs.rmSync(options.dataDir, { recursive: true, force: true }));

for (const { point, what, product, sku } of POINTS) {
  test(`An order survives the app being killed ${what}`, async ({ page, erp }) => {
    // Counted as deltas: a reset would make the ERP reuse order numbers this desk has recorded.
    const before = await erp.stats();
    // Unique per run: the suite's ERP outlives this file's database (and repeats of this test).
    const reference = `CRASH-${point}-${test.info().repeatEachIndex}-${test.info().retry}`;
    const crashes = point !== "in-flight";
    app = await startApp({ ...options, env: crashes ? { CRASH_AT_FOR_TESTS: point } : {} });
    // In flight: the ERP holds the order request and never answers it, so the kill below lands while
    // it is in flight however long this process takes (a faulted request creates nothing). The
    // restarted app sends it again (count 1: that one is answered).
    if (!crashes) await erp.fault({ route: "POST /orders", mode: "hang", count: 1 });

    await signIn(page, "alice");
    await gotoProduct(page, { name: product, sku });
    await page.getByLabel("Quantity").fill("1");
    await page.getByLabel("Customer reference").fill(reference);
    await page.getByRole("button", { name: "Create order" }).click();

    if (crashes) {
      // The app kills itself at the point.
      await app.exited;
    } else {
      await expect
        .poll(async () => (await erp.stats()).requests["POST /orders"] ?? 0)
        .toBe((before.requests["POST /orders"] ?? 0) + 1);
      await app.kill();
    }

    // Back up, same instance name: it takes its own unfinished work back at once.
    app = await startApp(options);

    // The page that stayed open shows the outcome once its event stream reconnects.
    await expect(page.getByTestId("status").filter({ hasText: /Order SO-\d{6} placed/ })).toBeVisible({
      timeout: 30_000,
    });
    const stats = await erp.stats();
    expect(stats.ordersCreated - before.ordersCreated, "the ERP created the order exactly once").toBe(1);
    const [erpOrder] = (await erp.orders()).filter((o) => o.customerReference === reference);
    // The desk's own orders list (its database): exactly one row for the intent, with the ERP's number.
    await page.goto("/orders");
    const rows = page.getByRole("row").filter({ hasText: reference });
    await expect(rows, "exactly one order row").toHaveCount(1);
    await expect(rows.getByRole("rowheader")).toHaveText(erpOrder?.orderNumber ?? "missing");
  });
}

test("The app shuts down within seconds on SIGTERM, with a callout in flight", async ({ page, erp }) => {
  const before = await erp.stats();
  app = await startApp(options);
  await erp.fault({ route: "POST /orders", mode: "hang", count: 1 });
  await signIn(page, "alice");
  await gotoProduct(page, { name: "Generator 3kW", sku: "WD-GEN-3KW" });
  await page.getByLabel("Customer reference").fill("SIGTERM");
  await page.getByRole("button", { name: "Create order" }).click();
  await expect
    .poll(async () => (await erp.stats()).requests["POST /orders"] ?? 0)
    .toBe((before.requests["POST /orders"] ?? 0) + 1);

  const ms = await app.terminate();
  expect(ms, "exit time on SIGTERM with a hanging callout").toBeLessThan(5_000);
  test.info().annotations.push({ type: "shutdown", description: `exited ${ms} ms after SIGTERM` });

  // Restarted, it re-sends the abandoned request with the same key and completes the order.
  app = await startApp(options);
  await expect(page.getByTestId("status").filter({ hasText: /Order SO-\d{6} placed/ })).toBeVisible({
    timeout: 30_000,
  });
  expect((await erp.stats()).ordersCreated - before.ordersCreated).toBe(1);
});
