import { E2E_APP_PORT, E2E_EMBED_HOST_PORT } from "../playwright.config";
import { createHostServer } from "../mock-services/host/server";
import { DEMO_PASSWORD, expect, test } from "./fixtures";
import { signInInFrame } from "./host-page";

// The demo host (mock-services/host): another site's page whose two components (a warranty lookup
// and an order form) run the desk's actions through the host library, sharing one proxy frame.

const APP = `http://127.0.0.1:${E2E_APP_PORT}`;
let server: ReturnType<typeof createHostServer> | undefined;

test.beforeEach(async () => {
  server = createHostServer({ appOrigin: APP });
  await new Promise<void>((resolve) => server!.listen(E2E_EMBED_HOST_PORT, "127.0.0.1", resolve));
});
test.afterEach(async () => {
  server?.closeAllConnections();
  await new Promise<void>((resolve) => (server ? server.close(() => resolve()) : resolve()));
  server = undefined;
});

test("Both components of the host page run their actions at once, each gets its own result", async ({
  page,
  erp,
}) => {
  const before = await erp.stats();
  await page.goto(`http://localhost:${E2E_EMBED_HOST_PORT}/`);
  const panel = page.getByRole("region", { name: "Warranty Desk" });
  await expect(panel.getByRole("status")).toContainText("Not signed in");
  // bob: e2e/orders-page.spec.ts expects alice to have placed no orders before it runs.
  await signInInFrame(page, "bob", DEMO_PASSWORD);
  await expect(panel.getByRole("status")).toContainText("Signed in as Bob Lindqvist");
  // One broker: one proxy frame for both components.
  await expect(page.locator("iframe")).toHaveCount(1);

  const lookup = page.getByRole("region", { name: "Warranty lookup" });
  const order = page.getByRole("region", { name: "Order form" });
  await lookup.getByLabel("Product").selectOption("wd-laser-lv");
  await order.getByLabel("Product").selectOption("wd-plane-82");
  await order.getByLabel("Quantity").fill("3");
  await order.getByLabel("Customer reference").fill("DEMO-HOST-1");
  await lookup.getByRole("button", { name: "Get warranty" }).click();
  // Clicked one after the other (parallel clicks interleave the mouse): the lookup is still with the
  // ERP when the order starts.
  await order.getByRole("button", { name: "Create order" }).click();

  await expect(lookup.getByRole("status")).toContainText("Active until 1 Oct 2028", { timeout: 20_000 });
  await expect(order.getByRole("status")).toContainText(/Order SO-\d{6} placed/, { timeout: 20_000 });
  expect((await erp.stats()).ordersCreated - before.ordersCreated).toBe(1);
  const [placed] = await erp.ordersWithReference("DEMO-HOST-1");
  expect(placed).toMatchObject({ quantity: 3, sku: "WD-PLANE-82" });
});

test("The order form refuses a quantity that is not a whole number without asking the desk", async ({
  page,
}) => {
  await page.goto(`http://localhost:${E2E_EMBED_HOST_PORT}/`);
  await signInInFrame(page, "bob", DEMO_PASSWORD);
  const order = page.getByRole("region", { name: "Order form" });
  await order.getByLabel("Quantity").fill("2.5");
  await order.getByLabel("Customer reference").fill("DEMO-HOST-2");
  await order.getByRole("button", { name: "Create order" }).click();
  await expect(order.getByText("Quantity must be a whole number.")).toBeVisible();
});

test("A lookup survives a reload of the proxy frame: the broker resumes it", async ({ page, erp }) => {
  await page.goto(`http://localhost:${E2E_EMBED_HOST_PORT}/`);
  await signInInFrame(page, "alice", DEMO_PASSWORD);
  await erp.fault({ mode: "latency", latencyMs: 3000, count: 1 });
  const asked = async () => (await erp.stats()).requests["GET /warranty/:serial"] ?? 0;
  const before = await asked();
  const lookup = page.getByRole("region", { name: "Warranty lookup" });
  await lookup.getByLabel("Product").selectOption("wd-gen-3kw");
  await lookup.getByRole("button", { name: "Get warranty" }).click();
  await expect(lookup.getByRole("status")).toHaveText("Asking the ERP…");
  await expect.poll(asked, { message: "the ERP holds the lookup" }).toBe(before + 1);
  // The frame reloads while the ERP holds the lookup; the host page does not.
  await page.locator('iframe[title="Warranty Desk"]').evaluate((frame: HTMLIFrameElement) => {
    frame.src = frame.src;
  });
  await expect(lookup.getByRole("status")).toContainText("Active until 28 Feb 2029", { timeout: 20_000 });
});
