import {
  ERP_ROUTES,
  expect,
  gotoProduct,
  OrderSection,
  OrdersPage,
  PRODUCTS,
  recordOrderProgress,
  screenshot,
  signIn,
  test,
} from "./fixtures";
import { recordNow, timeline } from "./state-recorder";

// bob's order for Laser Level 360: no other spec orders this product as bob (order-failures.spec.ts
// takes bob's first nine products, orders-page.spec.ts orders as alice), so the section starts
// with an empty form.
const product = PRODUCTS.find((p) => p.name === "Laser Level 360")!;

test("An agent creates an order while every step takes 1 s and sees the steps advance", async ({
  page,
  erp,
}, testInfo) => {
  const reference = "PO-STEPS-4711";
  await signIn(page, "bob");
  await gotoProduct(page, product);
  const order = new OrderSection(page);
  await expect(order.createButton()).toBeEnabled();
  // Counters as deltas: a reset would also make the ERP reuse order numbers the desk has recorded.
  const before = await erp.stats();
  for (const route of [ERP_ROUTES.token, ERP_ROUTES.createOrder, ERP_ROUTES.orderStatus]) {
    await erp.fault({ route, mode: "latency", latencyMs: 1000 });
  }
  const recorder = await recordOrderProgress(page);
  // The section's status and buttons, recorded in the page too (each step lasts only 1 s).
  const section = await recordNow(page, { kind: "panels", names: ["Create order"] });

  await order.create(2, reference);
  // The progress list replaces the form (each step's states are read from the recording below).
  await expect(order.progress()).toBeVisible();
  await expect(order.createButton()).toHaveCount(0);
  await screenshot(page, testInfo, "order-progress");

  const number = await order.placedOrderNumber();
  expect(number).toMatch(/^SO-\d{6}$/);
  await expect(order.placed()).toHaveText(
    `Order ${number} placed (2 ×, reference ${reference}). ERP status: received.`,
  );
  await order.expectSteps(["done", "done", "done"]);
  await expect(order.button("Submitted…")).toHaveCount(0);
  await expect(order.alert()).toHaveCount(0);
  await expect(order.region.getByRole("link", { name: "See all orders" })).toBeVisible();
  await expect(order.button("New order")).toBeEnabled();
  await screenshot(page, testInfo, "order-placed");

  // From the click to the success line, the section showed a disabled "Submitted…" and Cancel, and
  // never the form's Create order button again.
  const { states } = await section.sinceLastClick("Create order");
  const placedAt = states.findIndex((s) => s.state.startsWith(`Order ${number} placed`));
  expect(placedAt, `the success line after the click: ${timeline(states)}`).toBeGreaterThan(0);
  const chain = states.slice(0, placedAt).filter((s) => s.state.includes("Submitted…"));
  expect(chain.length, `a pending section after the click: ${timeline(states)}`).toBeGreaterThan(0);
  for (const s of chain) expect(s.state, timeline(states)).toMatch(/ \| Submitted… \(disabled\), Cancel$/);
  expect(
    states.slice(states.indexOf(chain[0]!)).some((s) => s.state.includes("Create order")),
    `no Create order button once the chain started: ${timeline(states)}`,
  ).toBe(false);

  // Every state of the list, in order, each step current for about the ERP's 1 s.
  const seen = await recorder.snapshots();
  expect(seen.map((s) => s.steps)).toEqual([
    "Authenticating: in progress (current) | Creating order: not started | Reading status: not started",
    "Authenticating: done | Creating order: in progress (current) | Reading status: not started",
    "Authenticating: done | Creating order: done | Reading status: in progress (current)",
    "Authenticating: done | Creating order: done | Reading status: done",
  ]);
  // From the click (the list appears at once) to each next state, and to the last.
  const times = seen.map((s) => s.at);
  for (let i = 1; i < times.length; i++) {
    expect(times[i]! - times[i - 1]!, `step ${i} took about the ERP's 1 s`).toBeGreaterThanOrEqual(700);
  }
  testInfo.annotations.push({
    type: "steps",
    description: times
      .slice(1)
      .map((t, i) => `step ${i + 1}: ${Math.round(t - times[i]!)} ms`)
      .join(", "),
  });

  // The ERP created exactly one order for this intent, and the Orders page lists it on top.
  const after = await erp.stats();
  expect(after.ordersCreated - before.ordersCreated, "orders created").toBe(1);
  expect(after.idempotentReplays - before.idempotentReplays, "replayed answers").toBe(0);
  const inErp = await erp.ordersWithReference(reference);
  expect(inErp.map((o) => [o.orderNumber, o.sku, o.quantity])).toEqual([[number, product.sku, 2]]);

  await order.region.getByRole("link", { name: "See all orders" }).click();
  await expect(page).toHaveURL(/\/orders$/);
  const orders = new OrdersPage(page);
  await expect(orders.rows().first().getByRole("rowheader")).toHaveText(number);
  const cells = orders.row(number).getByRole("cell");
  await expect(cells.nth(0)).toContainText(product.name);
  await expect(cells.nth(1)).toHaveText("2");
  await expect(cells.nth(2)).toHaveText(reference);
  await expect(orders.status(number)).toHaveText("received");
});
