import {
  ERP_ROUTES,
  expect,
  type FaultSpec,
  gotoProduct,
  type OrderStep,
  type OrderStepState,
  OrderSection,
  OrdersPage,
  PRODUCTS,
  screenshot,
  signIn,
  test,
} from "./fixtures";

// Each step of the order chain fails once in each way; Retry then places exactly one order.
// Each combination orders its own product as bob (bob's first nine; orders.spec.ts takes his
// Laser Level 360, orders-page.spec.ts orders as alice), so every section starts with a new form.

const STEPS = [
  { key: "TOKEN", name: "Authenticating", route: ERP_ROUTES.token, operation: "sign-in" },
  { key: "CREATE", name: "Creating order", route: ERP_ROUTES.createOrder, operation: "order creation" },
  // The ERP has created the order before the status read fails: Retry must not create another.
  { key: "STATUS", name: "Reading status", route: ERP_ROUTES.orderStatus, operation: "order status read" },
] as const satisfies readonly { key: string; name: OrderStep; route: string; operation: string }[];

const FAULTS = [
  {
    key: "500",
    title: "answers HTTP 500",
    fault: { mode: "status", status: 500, count: 1 },
    reason: (operation: string) =>
      `The ERP answered the ${operation} with an error (HTTP 500 Internal Server Error).`,
  },
  {
    // The app's deadline is E2E_DEADLINE_SECONDS (8 s): these cases take that long.
    key: "hang",
    title: "does not answer in time",
    fault: { mode: "hang", count: 1 },
    reason: (operation: string) => `The ERP did not answer the ${operation} in time.`,
  },
  {
    key: "malformed",
    title: "sends an unreadable answer",
    fault: { mode: "malformed", count: 1 },
    reason: (operation: string) => `The ERP sent an unreadable answer to the ${operation}.`,
  },
] as const satisfies readonly {
  key: string;
  title: string;
  fault: FaultSpec;
  reason: (operation: string) => string;
}[];

const STATES_AT_FAILURE: Record<OrderStep, [OrderStepState, OrderStepState, OrderStepState]> = {
  Authenticating: ["failed", "not started", "not started"],
  "Creating order": ["done", "failed", "not started"],
  "Reading status": ["done", "done", "failed"],
};

const combinations = STEPS.flatMap((step) => FAULTS.map((fault) => ({ step, fault })));

for (const [i, { step, fault }] of combinations.entries()) {
  const product = PRODUCTS[i]!;

  test(`An agent whose order fails at "${step.name}" because the ERP ${fault.title} sees why, and Retry places it once`, async ({
    page,
    erp,
  }, testInfo) => {
    const reference = `PO-${step.key}-${fault.key}`.toUpperCase();
    const createdFirst = step.name === "Reading status";
    const quantity = i + 1;
    // No ERP latency apart from the fault (the ERP's 300 ms per call would only add up here).
    await erp.fault({ route: "*", mode: "latency", latencyMs: 0 });
    await signIn(page, "bob");
    const orders = new OrdersPage(page);
    await orders.goto();
    const listed = await orders.total();

    await gotoProduct(page, product);
    const order = new OrderSection(page);
    await expect(order.createButton()).toBeEnabled();
    // Counters as deltas: a reset would also make the ERP reuse order numbers the desk has recorded.
    const before = await erp.stats();
    await erp.fault({ route: step.route, ...fault.fault });

    await order.create(quantity, reference);
    const alert = order.alert();
    // Once the order request may have reached the ERP, only Retry (same intent, same key) is offered.
    const mayHaveOrder = step.key !== "TOKEN";
    await expect(alert).toHaveText(
      `${step.name} failed. ${fault.reason(step.operation)} ${
        step.key === "STATUS"
          ? "Retry records it on the desk without creating a second one."
          : mayHaveOrder
            ? "The ERP may already have the order: Retry finishes it without creating a second one."
            : "No order was sent to the ERP."
      }`,
      { timeout: fault.key === "hang" ? 20_000 : undefined },
    );
    await order.expectSteps(STATES_AT_FAILURE[step.name]);
    await expect(order.button("Retry")).toBeEnabled();
    await expect(order.button("Start over")).toHaveCount(mayHaveOrder ? 0 : 1);
    await expect(order.button("Submitted…")).toHaveCount(0);
    await expect(order.placed()).toHaveCount(0);
    if (i === 3) await screenshot(page, testInfo, "order-failed");

    // What the ERP holds: the order exists only if the failure came after its creation.
    expect(await erp.ordersWithReference(reference)).toHaveLength(createdFirst ? 1 : 0);

    // The desk recorded nothing: the Orders page lists as many orders as before.
    await orders.goto();
    expect(await orders.total(), "orders listed after the failure").toBe(listed);
    await expect(page.getByRole("cell", { name: reference, exact: true })).toHaveCount(0);

    // Back on the product, the failure is still shown; Retry repeats the same intent.
    await gotoProduct(page, product);
    await expect(alert).toContainText(`${step.name} failed.`);
    await erp.clearFaults();
    await erp.fault({ route: "*", mode: "latency", latencyMs: 0 });
    await order.button("Retry").click();
    const number = await order.placedOrderNumber();
    // After a hang the order is over 5 s old: the ERP may have confirmed it by now.
    await expect(order.placed()).toHaveText(
      new RegExp(
        `^Order ${number} placed \\(${quantity} ×, reference ${reference}\\)\\. ERP status: (received|confirmed)\\.$`,
      ),
    );
    const erpStatus = /ERP status: (\w+)\./.exec((await order.placed().textContent()) ?? "")?.[1];
    await order.expectSteps(["done", "done", "done"]);
    await expect(alert).toHaveCount(0);

    // One order for this intent, whatever the failure; a failure after the creation was retried
    // with the same Idempotency-Key, and the ERP replayed its answer instead of creating again.
    const inErp = await erp.ordersWithReference(reference);
    expect(inErp.map((o) => [o.orderNumber, o.sku, o.quantity])).toEqual([[number, product.sku, quantity]]);
    const after = await erp.stats();
    expect(after.ordersCreated - before.ordersCreated, "orders created for this intent").toBe(1);
    const replays = after.idempotentReplays - before.idempotentReplays;
    if (createdFirst) expect(replays, "replayed order creations").toBeGreaterThanOrEqual(1);
    else expect(replays, "replayed order creations").toBe(0);

    await orders.goto();
    expect(await orders.total(), "orders listed after the retry").toBe(listed + 1);
    await expect(orders.rows().first().getByRole("rowheader")).toHaveText(number);
    await expect(orders.row(number).getByRole("cell").nth(2)).toHaveText(reference);
    await expect(orders.status(number)).toHaveText(erpStatus!);
  });
}
