import type { Locator, Page } from "@playwright/test";
import { expect, reloadDesk, screenshot, signIn, test, WARRANTY_ROUTE } from "./fixtures";
import { actionId } from "./server-actions";

// The serial number field above the product list. The serials are the mock ERP's beyond the
// product list (mock-services/erp/README.md): SN-2001-A active, SN-2002-B expired (offers),
// SN-2003-C without a warranty; any other, e.g. SN-4040-X, unknown.

const FORMAT_MESSAGE = "Serial number must look like SN-1001-A: SN, four digits and one letter.";

/** The "Look up a serial number" panel of the product list page. */
class SerialPanel {
  readonly region: Locator;
  constructor(readonly page: Page) {
    this.region = page.getByRole("region", { name: "Look up a serial number" });
  }

  field(): Locator {
    return this.region.getByLabel("Serial number");
  }

  /** The agent's recent serial lookups, newest first (the list's own items, not their offers). */
  items(): Locator {
    return this.region.getByRole("list", { name: "Your recent serial lookups" }).locator(":scope > li");
  }

  item(serial: string): Locator {
    return this.items().filter({ hasText: serial });
  }

  async lookUp(typed: string): Promise<void> {
    await this.field().fill(typed);
    await this.region.getByRole("button", { name: "Look up warranty" }).click();
  }

  /** The serials of the recent lookups, top to bottom. */
  async serials(): Promise<string[]> {
    return (await this.items().locator(".font-mono").allTextContents()).map((text) => text.trim());
  }
}

test("A malformed serial is explained at the field, and nothing is started", async ({ page, erp }) => {
  await signIn(page, "alice");
  const serials = new SerialPanel(page);
  await expect(serials.region.getByText(/^Format SN-1001-A: SN, four digits and one letter\./)).toBeVisible();
  const before = (await erp.stats()).requests[WARRANTY_ROUTE] ?? 0;
  const recentBefore = await serials.serials();
  const actions: string[] = [];
  page.on("request", (request) => {
    if (request.method() === "POST" && request.headers()["next-action"]) actions.push(request.url());
  });

  // The browser checks the format: no server action is sent.
  await serials.lookUp("SN-10O1-A"); // a letter O for a zero
  await expect(serials.region.getByRole("alert")).toHaveText(FORMAT_MESSAGE);
  await expect(serials.field()).toHaveAttribute("aria-invalid", "true");
  await expect(serials.field()).toBeFocused();
  await serials.lookUp("");
  await expect(serials.region.getByRole("alert")).toHaveText("Serial number is required.");
  // Typing again clears the message.
  await serials.field().pressSequentially("SN");
  await expect(serials.region.getByRole("alert")).toHaveCount(0);
  await expect(serials.field()).toHaveAttribute("aria-invalid", "false");
  expect(actions).toEqual([]);

  // The server checks it again: a script calling the action gets INVALID_INPUT naming the field.
  const response = await page.request.post("/", {
    headers: {
      "next-action": actionId("getWarrantyBySerialAction"),
      "content-type": "text/plain;charset=UTF-8",
    },
    data: JSON.stringify([{ serial: "SN-1001-AB" }]),
  });
  expect(response.status()).toBe(200);
  const body = await response.text();
  expect(body).toContain('"code":"INVALID_INPUT"');
  expect(body).toContain(
    '"fieldErrors":{"serial":["must look like SN-1001-A: SN, four digits and one letter"]}',
  );

  // Nothing reached the ERP, and no lookup was added.
  expect((await erp.stats()).requests[WARRANTY_ROUTE] ?? 0).toBe(before);
  await reloadDesk(page);
  expect(await serials.serials()).toEqual(recentBefore);
});

test("An agent looks up serials the product list does not have: active, expired with offers, unknown", async ({
  page,
}, testInfo) => {
  await signIn(page, "alice");
  const serials = new SerialPanel(page);

  await serials.lookUp(" sn 2001 a "); // as read out over the phone
  await expect(serials.field()).toHaveValue("");
  await expect(serials.field()).toBeFocused();
  await expect(serials.item("SN-2001-A").getByTestId("status")).toHaveText("Active until 30 Apr 2031");

  await serials.lookUp("SN-2002-B");
  const expired = serials.item("SN-2002-B");
  await expect(expired.getByTestId("status")).toHaveText("Expired on 31 May 2024");
  // 12 %, 20 % and 27 % of the Circular Saw's list price (€149).
  await expect(expired.getByRole("list", { name: "Extension offers" }).getByRole("listitem")).toHaveText([
    "Extend 12 months · €17.88",
    "Extend 24 months · €29.80",
    "Extend 36 months · €40.23",
  ]);

  await serials.lookUp("SN-4040-X");
  await expect(serials.item("SN-4040-X").getByTestId("status")).toHaveText("No warranty found");
  expect((await serials.serials()).slice(0, 3)).toEqual(["SN-4040-X", "SN-2002-B", "SN-2001-A"]);
  await expect(serials.region.getByRole("alert")).toHaveCount(0);

  // Check again on a lookup asks again, through the same field's action.
  const again = serials.item("SN-2001-A").getByRole("button", { name: "Check again" });
  await again.click();
  await expect(serials.item("SN-2001-A").getByTestId("status")).toHaveText("Active until 30 Apr 2031");

  await screenshot(page, testInfo, "serial-lookup-1280");
  await page.setViewportSize({ width: 390, height: 844 });
  await expect(serials.field()).toBeInViewport();
  await screenshot(page, testInfo, "serial-lookup-390");
});

test("Serial lookups survive a reload: pending, failed and answered", async ({ page, erp }) => {
  await signIn(page, "alice");
  const serials = new SerialPanel(page);
  // The ERP holds the lookup and never answers: it stays pending until the app's deadline (8 s in
  // the e2e run), then fails.
  await erp.fault({ mode: "hang", count: 1 });
  await serials.lookUp("SN-2003-C");
  const item = serials.item("SN-2003-C");
  await expect(item.getByRole("button", { name: "Submitted…" })).toBeDisabled();

  // Reloaded while the ERP thinks: still pending, and the outcome arrives on the event stream.
  await reloadDesk(page);
  await expect(item.getByTestId("status")).toHaveText("Asking the ERP…");
  const failed = "Lookup failed. The ERP did not answer the warranty lookup in time.";
  await expect(item.getByRole("alert")).toHaveText(failed, { timeout: 20_000 });
  await reloadDesk(page);
  await expect(item.getByRole("alert")).toHaveText(failed);

  // Retried from the list, the answer arrives, and is still there after another reload.
  await item.getByRole("button", { name: "Retry" }).click();
  await expect(item.getByTestId("status")).toHaveText("No warranty found");
  await reloadDesk(page);
  await expect(item.getByTestId("status")).toHaveText("No warranty found");
  expect((await serials.serials())[0]).toBe("SN-2003-C");
  expect((await serials.serials()).length).toBeLessThanOrEqual(5);
});

test("Bob does not see Alice's serial lookups, nor she his", async ({ page, browser, baseURL }) => {
  await signIn(page, "alice");
  const alices = new SerialPanel(page);
  await alices.lookUp("SN-6060-B");
  await expect(alices.item("SN-6060-B").getByTestId("status")).toHaveText("No warranty found");

  const bobContext = await browser.newContext({ baseURL });
  try {
    const bobPage = await bobContext.newPage();
    await signIn(bobPage, "bob");
    const bobs = new SerialPanel(bobPage);
    await expect(bobs.field()).toBeVisible();
    await expect(bobs.item("SN-6060-B")).toHaveCount(0);
    await bobs.lookUp("SN-7070-C");
    await expect(bobs.item("SN-7070-C").getByTestId("status")).toHaveText("No warranty found");
    await expect(bobs.item("SN-6060-B")).toHaveCount(0);
  } finally {
    await bobContext.close();
  }

  await reloadDesk(page);
  await expect(alices.item("SN-6060-B").getByTestId("status")).toHaveText("No warranty found");
  await expect(alices.item("SN-7070-C")).toHaveCount(0);
});
