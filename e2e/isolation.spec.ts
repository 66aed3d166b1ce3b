import { Desk, expect, nextTicketId, signIn, test } from "./fixtures";
import { isPending, isResult, recordRowsNow, timeline } from "./state-recorder";

interface View {
  id: string;
  status: string;
  result: unknown;
  error: unknown;
}

test("Another agent cannot see a continuation", async ({ page, desk, erp, browser, baseURL, playwright }) => {
  // alice may have looked this product up earlier in the run: start from whatever the row shows,
  // and slow the ERP down a little. The row's states are recorded in the page, so the new lookup's
  // pending state is seen before its result however late this process looks.
  const product = "Laser Level 360";
  const result = "Active until 1 Oct 2028";
  await signIn(page, "alice");
  await erp.fault({ mode: "latency", latencyMs: 1000 });
  const recorder = await recordRowsNow(page, [product]);
  const ticket = await nextTicketId(page);
  await desk.startButton(product).click();
  const id = await ticket.id();
  await expect(desk.status(product)).toHaveText(result);
  const { states } = await recorder.sinceLastClick(product);
  const shownAt = states.findIndex(isResult(result));
  expect(shownAt, `the result after the click: ${timeline(states)}`).toBeGreaterThan(0);
  expect(states.slice(0, shownAt).every(isPending), `pending until the result: ${timeline(states)}`).toBe(
    true,
  );

  // The owner reads her continuation.
  const own = await page.request.get(`/api/continuations/${id}`);
  expect(own.status()).toBe(200);
  expect(own.headers()["cache-control"]).toContain("no-store");
  const view = (await own.json()) as View;
  expect(view.id).toBe(id);
  expect(view.status).toBe("completed");
  expect(view.result).toMatchObject({ outcome: "active", serial: "SN-1010-K", endDate: "2028-10-01" });

  // An id that does not exist looks exactly like someone else's: 404.
  const madeUp = await page.request.get("/api/continuations/3f2b8c1e-5d4a-4b6f-9e2d-7a1c0b9d8e6f");
  expect(madeUp.status()).toBe(404);

  // bob, signed in in his own browser context, gets 404 for alice's id.
  const bobContext = await browser.newContext({ baseURL });
  try {
    const bobPage = await bobContext.newPage();
    await signIn(bobPage, "bob");
    // bob's desk does not show alice's result either.
    const bobDesk = new Desk(bobPage);
    await expect(bobDesk.row(product)).toBeVisible();
    await expect(bobDesk.status(product)).toHaveCount(0);
    const asBob = await bobPage.request.get(`/api/continuations/${id}`);
    expect(asBob.status()).toBe(404);
    expect(await asBob.text()).not.toContain("SN-1010-K");
  } finally {
    await bobContext.close();
  }

  // Nobody signed in: 401.
  const anonymous = await playwright.request.newContext({ baseURL });
  try {
    const signedOut = await anonymous.get(`/api/continuations/${id}`);
    expect(signedOut.status()).toBe(401);
    expect(await signedOut.text()).not.toContain("SN-1010-K");
  } finally {
    await anonymous.dispose();
  }
});
