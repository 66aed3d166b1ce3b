/**
 * Shared end-to-end fixtures (epic-stack style): import `test` and `expect` from here, not from
 * `@playwright/test`.
 *   - `erp`: the mock ERP's admin API (faults, stats, reset). Faults are cleared after every test.
 *   - `desk`: locators for the product list of the test's `page`.
 *   - `signIn(page, username)`: signs in through the UI.
 */
import path from "node:path";
import {
  expect,
  test as base,
  type APIRequestContext,
  type Locator,
  type Page,
  type Response,
  type Route,
  type TestInfo,
} from "@playwright/test";
import { E2E_ERP_PORT } from "../playwright.config";

/** The mock ERP the e2e app talks to (started by playwright.config.ts). */
export const ERP_URL = `http://127.0.0.1:${E2E_ERP_PORT}`;

/** Password of the demo agents (prisma/seed.ts, `DEMO_PASSWORD` default). */
export const DEMO_PASSWORD = "warranty-demo";

export const AGENTS = {
  alice: { username: "alice", displayName: "Alice Moreau" },
  bob: { username: "bob", displayName: "Bob Lindqvist" },
} as const;
export type AgentName = keyof typeof AGENTS;

/** The demo catalogue as the desk lists it (mock-services/erp/catalogue.ts, seed order). */
export const PRODUCTS = [
  { name: "Cordless Drill 18V", sku: "WD-DRILL-18V", serial: "SN-1001-A" },
  { name: "Circular Saw 1400W", sku: "WD-SAW-CIRC", serial: "SN-1002-B" },
  { name: "Angle Grinder 125mm", sku: "WD-GRIND-125", serial: "SN-1003-C" },
  { name: "Orbital Sander", sku: "WD-SAND-ORB", serial: "SN-1004-D" },
  { name: "Concrete Mixer Pro", sku: "WD-MIX-PRO", serial: "SN-1005-E" },
  { name: "Air Compressor 50L", sku: "WD-COMP-50L", serial: "SN-1006-F" },
  { name: "Inverter Welder 200A", sku: "WD-WELD-200", serial: "SN-1007-G" },
  { name: "Generator 3kW", sku: "WD-GEN-3KW", serial: "SN-1008-H" },
  { name: "Pressure Washer 2200psi", sku: "WD-WASH-HP", serial: "SN-1009-J" },
  { name: "Laser Level 360", sku: "WD-LASER-LV", serial: "SN-1010-K" },
  { name: "Electric Planer 82mm", sku: "WD-PLANE-82", serial: "SN-9999-Z" },
] as const;

/** The one faultable route the desk calls. */
export const WARRANTY_ROUTE = "GET /warranty/:serial";

/** The other faultable routes the desk calls: the order chain, extension offers, the dashboard. */
export const ERP_ROUTES = {
  token: "POST /oauth/token",
  createOrder: "POST /orders",
  orderStatus: "GET /orders/:number/status",
  extension: "GET /warranty/:serial/extension",
  inventory: "GET /inventory/:sku",
  pricing: "GET /pricing/:sku",
  tracking: "GET /tracking/:sku",
} as const;

/** A fault for the mock ERP's admin API (see mock-services/erp/README.md). */
export type FaultSpec = {
  route?: string;
  count?: number;
  rate?: number;
} & (
  | { mode: "latency"; latencyMs: number }
  | { mode: "status"; status?: number }
  | { mode: "hang" | "reset" | "oversize" | "malformed" }
);

export interface ErpStats {
  requests: Record<string, number>;
  ordersCreated: number;
  idempotentReplays: number;
}

/** An order as the mock ERP's admin API lists it (`GET /__admin/orders`). */
export interface ErpOrder {
  orderNumber: string;
  status: string;
  sku: string;
  quantity: number;
  customerReference: string;
  idempotencyKey: string;
  createdAt: string;
  updatedAt: string;
}

export class Erp {
  constructor(private readonly api: APIRequestContext) {}

  /** Adds a fault (route defaults to the warranty lookup); returns its id. */
  async fault(spec: FaultSpec): Promise<string> {
    const response = await this.api.post("/__admin/faults", {
      data: { route: WARRANTY_ROUTE, ...spec },
    });
    expect(response.status(), `ERP fault rejected: ${await response.text()}`).toBe(201);
    return ((await response.json()) as { id: string }).id;
  }

  async clearFaults(): Promise<void> {
    const response = await this.api.delete("/__admin/faults");
    expect(response.ok(), "the mock ERP clears its faults").toBe(true);
  }

  async stats(): Promise<ErpStats> {
    const response = await this.api.get("/__admin/stats");
    expect(response.ok(), "the mock ERP reports its stats").toBe(true);
    return (await response.json()) as ErpStats;
  }

  /** Every order the ERP holds, oldest first (the admin API's view, not the desk's). */
  async orders(): Promise<ErpOrder[]> {
    const response = await this.api.get("/__admin/orders");
    expect(response.ok(), "the mock ERP lists its orders").toBe(true);
    return ((await response.json()) as { orders: ErpOrder[] }).orders;
  }

  /** The ERP's orders with one customer reference (a test's own reference names its intent). */
  async ordersWithReference(customerReference: string): Promise<ErpOrder[]> {
    return (await this.orders()).filter((order) => order.customerReference === customerReference);
  }

  /**
   * Forgets tokens, faults and request counters, and also every order and the order number
   * sequence (the next order is SO-100001 again). Specs that place orders read `stats()` before and
   * after instead: once the desk has recorded orders, a reset makes the ERP hand out their numbers
   * a second time.
   */
  async reset(): Promise<void> {
    const response = await this.api.post("/__admin/reset");
    expect(response.ok(), "the mock ERP resets").toBe(true);
  }
}

/** Escapes a literal for use inside a RegExp. */
export const literal = (text: string) => text.replace(/[.*+?^${}()|[\]\\]/g, "\\$&");

/** The desk's product list on one page. */
export class Desk {
  constructor(readonly page: Page) {}

  /** A product's row, found by its accessible name (it starts with the product name). */
  row(productName: string): Locator {
    return this.page.getByRole("row", { name: new RegExp(literal(productName)) });
  }

  /** The product rows (each has a row header), not the column header row. */
  productRows(): Locator {
    return this.page.getByRole("row").filter({ has: this.page.getByRole("rowheader") });
  }

  getWarranty(productName: string): Locator {
    return this.row(productName).getByRole("button", { name: "Get warranty" });
  }

  submitted(productName: string): Locator {
    return this.row(productName).getByRole("button", { name: "Submitted…" });
  }

  /** The result pill or the "Asking the ERP…" status of a row. */
  status(productName: string): Locator {
    return this.row(productName).getByTestId("status");
  }

  alert(productName: string): Locator {
    return this.row(productName).getByRole("alert");
  }

  checkAgain(productName: string): Locator {
    return this.row(productName).getByRole("button", { name: "Check again" });
  }

  retry(productName: string): Locator {
    return this.row(productName).getByRole("button", { name: "Retry" });
  }

  /** Whichever button starts a lookup on the row now (Get warranty, Check again or Retry). */
  startButton(productName: string): Locator {
    return this.row(productName).getByRole("button", {
      name: new RegExp(`^(Get warranty|Check again|Retry) for ${literal(productName)}$`),
    });
  }

  /** Asserts the pending state of a row: a disabled "Submitted…" button and "Asking the ERP…". */
  async expectPending(productName: string, options?: { timeout?: number }): Promise<void> {
    await expect(this.submitted(productName)).toBeDisabled(options);
    await expect(this.status(productName)).toHaveText("Asking the ERP…", options);
  }
}

/** The POST of a Next.js server action (it carries a `next-action` header). */
export function isServerAction(response: Response): boolean {
  const request = response.request();
  return request.method() === "POST" && !!request.headers()["next-action"];
}

/** Matches a v4 UUID, as the runtime's ticket ids are. */
export const UUID = /[0-9a-f]{8}-[0-9a-f]{4}-4[0-9a-f]{3}-[89ab][0-9a-f]{3}-[0-9a-f]{12}/;

/**
 * The ticket id of the next server action the page sends (a Get warranty click), read from the
 * action's response (an RSC payload, text). The response passes through `page.route`, because
 * Chromium does not reliably keep a fetch response's body for `response.text()` afterwards.
 */
export async function nextTicketId(page: Page): Promise<{ id: () => Promise<string> }> {
  const matcher = (url: URL) => url.origin === new URL(page.url()).origin;
  let settle!: (outcome: { id: string } | { error: Error }) => void;
  const outcome = new Promise<{ id: string } | { error: Error }>((resolve) => (settle = resolve));
  let taken = false;
  const handler = async (route: Route) => {
    const request = route.request();
    if (taken || request.method() !== "POST" || !request.headers()["next-action"]) {
      return route.fallback();
    }
    taken = true;
    try {
      const response = await route.fetch();
      const body = await response.text();
      await route.fulfill({ response, body });
      const id = /"id":"([^"]+)"/.exec(body)?.[1] ?? UUID.exec(body)?.[0];
      settle(
        id && new RegExp(`^${UUID.source}$`).test(id)
          ? { id }
          : { error: new Error(`no ticket id in the action response: ${body.slice(0, 500)}`) },
      );
    } catch (error) {
      settle({ error: error instanceof Error ? error : new Error(String(error)) });
      await route.abort().catch(() => {});
    }
  };
  await page.route(matcher, handler);
  // Wrapped in a function: an async function cannot return a promise without awaiting it.
  return {
    id: async () => {
      const result = await outcome;
      await page.unroute(matcher, handler);
      if ("error" in result) throw result.error;
      return result.id;
    },
  };
}

/**
 * Resolves when the desk's client code is running: its event stream is opened from an effect,
 * i.e. after hydration. Clicks before that would fall on server-rendered buttons without handlers.
 * Call it before the navigation (sign-in, goto, reload) and await it after.
 */
export function deskIsLive(page: Page): Promise<unknown> {
  return page.waitForRequest((request) => new URL(request.url()).pathname === "/api/continuations/events");
}

/** Reloads the desk and waits until it is live again. */
export async function reloadDesk(page: Page): Promise<void> {
  const live = deskIsLive(page);
  await page.reload();
  await live;
}

/** Signs in through the sign-in page and waits for the desk. */
export async function signIn(page: Page, username: AgentName | string, password = DEMO_PASSWORD) {
  await page.goto("/sign-in");
  await page.getByLabel("Agent").fill(username);
  await page.getByLabel("Password").fill(password);
  const live = deskIsLive(page);
  await page.getByRole("button", { name: "Sign in" }).click();
  await live;
  await expect(page).toHaveURL(/\/$/);
  await expect(page.getByRole("heading", { name: "Products", level: 1 })).toBeVisible();
  const agent = AGENTS[username as AgentName];
  if (agent) await expect(page.getByText(`Signed in as ${agent.displayName}`)).toBeVisible();
}

/** A product's page id: its SKU in lower case (`/products/wd-drill-18v`). */
export const productId = (sku: string) => sku.toLowerCase();

/** Opens a product's page (as the signed-in agent) and waits until it is live. */
export async function gotoProduct(page: Page, product: { name: string; sku: string }): Promise<void> {
  const live = deskIsLive(page);
  await page.goto(`/products/${productId(product.sku)}`);
  await live;
  await expect(page.getByRole("heading", { name: product.name, level: 1 })).toBeVisible();
}

/** The name of an order chain's step, as the progress list shows it. */
export type OrderStep = "Authenticating" | "Creating order" | "Reading status";
export type OrderStepState = "done" | "in progress" | "failed" | "not started";
export const ORDER_STEPS: readonly OrderStep[] = ["Authenticating", "Creating order", "Reading status"];

/** The "Create order" section of a product page. */
export class OrderSection {
  readonly region: Locator;
  constructor(readonly page: Page) {
    this.region = page.getByRole("region", { name: "Create order" });
  }

  quantity(): Locator {
    return this.region.getByLabel("Quantity");
  }

  customerReference(): Locator {
    return this.region.getByLabel("Customer reference");
  }

  createButton(): Locator {
    return this.region.getByRole("button", { name: "Create order" });
  }

  progress(): Locator {
    return this.region.getByRole("list", { name: "Order progress" });
  }

  /** One step of the progress list in a given state ("Creating order: in progress"). */
  step(name: OrderStep, state: OrderStepState): Locator {
    return this.progress().getByRole("listitem", { name: `${name}: ${state}`, exact: true });
  }

  /** The success line ("Order SO-… placed …"). */
  placed(): Locator {
    return this.region.getByTestId("status");
  }

  alert(): Locator {
    return this.region.getByRole("alert");
  }

  /** A button of the form by its visible text (its accessible name may go on: "Retry for the order for …"). */
  button(name: "Submitted…" | "Cancel" | "Retry" | "Start over" | "New order"): Locator {
    return this.region.getByRole("button", { name: new RegExp(`^${literal(name)}( for .*)?$`) });
  }

  /** Asserts the whole progress list: the state of each step, and which one is current. */
  async expectSteps(states: readonly [OrderStepState, OrderStepState, OrderStepState]): Promise<void> {
    const items = this.progress().getByRole("listitem");
    await expect(items).toHaveCount(3);
    for (const [i, state] of states.entries()) {
      const item = items.nth(i);
      await expect(item).toHaveAccessibleName(`${ORDER_STEPS[i]}: ${state}`);
      if (state === "in progress") await expect(item).toHaveAttribute("aria-current", "step");
      else await expect(item).not.toHaveAttribute("aria-current");
    }
  }

  /** Fills the form and clicks Create order (the form must be showing). */
  async create(quantity: number, customerReference: string): Promise<void> {
    await this.quantity().fill(String(quantity));
    await this.customerReference().fill(customerReference);
    await this.createButton().click();
  }

  /** Waits for the success line and returns the order's ERP number. */
  async placedOrderNumber(): Promise<string> {
    await expect(this.placed()).toHaveText(/^Order SO-\d{6} placed /);
    const text = (await this.placed().textContent()) ?? "";
    const number = /SO-\d{6}/.exec(text)?.[0];
    expect(number, `an ERP number in "${text}"`).toBeDefined();
    return number!;
  }
}

/**
 * Records, in the page, every distinct state of the order progress list with the time it appeared
 * (a step that lasts 1 s can fall between two polls of a locator assertion; this sees them all).
 * A snapshot reads "Authenticating: done | Creating order: in progress (current) | …", or
 * "no progress list" if the list goes away once it was shown.
 */
export async function recordOrderProgress(page: Page) {
  type Recorded = Window & { __orderProgress?: { at: number; steps: string }[] };
  await page.evaluate(() => {
    const w = window as Recorded;
    const seen: { at: number; steps: string }[] = (w.__orderProgress = []);
    const snapshot = () => {
      const list = document.querySelector('ol[aria-label="Order progress"]');
      if (!list && !seen.length) return;
      const steps = !list
        ? "no progress list"
        : [...list.querySelectorAll("li")]
            .map(
              (li) =>
                `${li.getAttribute("aria-label")}${li.getAttribute("aria-current") === "step" ? " (current)" : ""}`,
            )
            .join(" | ");
      if (seen.at(-1)?.steps !== steps) seen.push({ at: performance.now(), steps });
    };
    new MutationObserver(snapshot).observe(document.body, {
      subtree: true,
      childList: true,
      attributes: true,
      characterData: true,
    });
    snapshot();
  });
  return {
    snapshots: () => page.evaluate(() => (window as Recorded).__orderProgress ?? []),
  };
}

/** The Orders page of the signed-in agent. */
export class OrdersPage {
  constructor(readonly page: Page) {}

  async goto(pageNumber?: number): Promise<void> {
    const live = deskIsLive(this.page);
    await this.page.goto(pageNumber ? `/orders?page=${pageNumber}` : "/orders");
    await live;
    await expect(this.page.getByRole("heading", { name: "Orders", level: 1 })).toBeVisible();
  }

  /** The order rows (each has the ERP number as its row header), newest first. */
  rows(): Locator {
    return this.page.getByRole("row").filter({ has: this.page.getByRole("rowheader") });
  }

  row(orderNumber: string): Locator {
    return this.page
      .getByRole("row")
      .filter({ has: this.page.getByRole("rowheader", { name: orderNumber, exact: true }) });
  }

  /** The ERP numbers of the rows shown, top to bottom. */
  async numbers(): Promise<string[]> {
    return (await this.rows().getByRole("rowheader").allTextContents()).map((text) => text.trim());
  }

  /** How many orders the agent has in all ("12 orders", over every page). */
  async total(): Promise<number> {
    const summary = this.page.getByText(/^\d+ orders?$/);
    await expect(summary).toBeVisible();
    return Number.parseInt((await summary.textContent()) ?? "", 10);
  }

  /** The status pill of an order's row. */
  status(orderNumber: string): Locator {
    return this.row(orderNumber).getByTestId("status");
  }

  refreshButton(orderNumber: string): Locator {
    return this.row(orderNumber).getByRole("button", { name: "Refresh status" });
  }
}

/** Saves a full-page screenshot for people to look at: test-results/screens/<name>.png. */
export async function screenshot(page: Page, testInfo: TestInfo, name: string): Promise<void> {
  await page.screenshot({
    path: path.join(testInfo.project.outputDir, "screens", `${name}.png`),
    fullPage: true,
  });
}

export const test = base.extend<{ erp: Erp; desk: Desk }>({
  // Automatic: every test starts and ends with an ERP without faults.
  erp: [
    async ({ playwright }, provide) => {
      const api = await playwright.request.newContext({ baseURL: ERP_URL });
      const erp = new Erp(api);
      await erp.clearFaults();
      await provide(erp);
      await erp.clearFaults();
      await api.dispose();
    },
    { auto: true },
  ],
  desk: async ({ page }, provide) => {
    await provide(new Desk(page));
  },
});

export { expect };
