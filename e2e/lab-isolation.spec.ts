import type { APIRequestContext, Page } from "@playwright/test";
import { ERP_URL, expect, nextTicketId, screenshot, signIn, test, WARRANTY_ROUTE } from "./fixtures";

// The lab's simulated agents go to the ERP through the lab's own named credential (ERP_LAB: its own
// circuit breaker, the mock ERP's /lab routes, where the lab's latency is set): an agent's own
// lookups go on, whatever a lab run does.

const LAB_CREDENTIAL = "ERP_LAB";
const LAB_WARRANTY_ROUTE = "GET /lab/warranty/:serial";

interface Breaker {
  credential: string;
  state: "closed" | "open" | "half-open";
  consecutiveFailures: number;
}

/** A named credential's breaker, as the signed-in agent's /api/health lists it. */
async function breaker(request: APIRequestContext, credential: string): Promise<Breaker | undefined> {
  const body = (await (await request.get("/api/health")).json()) as { breakers: Breaker[] };
  return body.breakers.find((b) => b.credential === credential);
}

async function labRunStatus(request: APIRequestContext): Promise<string | null> {
  const body = (await (await request.get("/api/lab/runs/current")).json()) as {
    run: { status: string } | null;
  };
  return body.run?.status ?? null;
}

/** Waits out a lab run another spec may have left going (one run at a time per server). */
async function noLabRunGoing(page: Page) {
  await expect.poll(() => labRunStatus(page.request), { timeout: 60_000 }).not.toBe("running");
}

test("An agent gets a warranty during a fail-fast lab run that has opened the lab's breaker", async ({
  page,
  erp,
  desk,
}, testInfo) => {
  test.setTimeout(120_000);
  await signIn(page, "alice");
  await noLabRunGoing(page);
  const before = await erp.stats();

  // Fail fast gives up after 1 s here (playwright.config.ts), the lab's ERP takes 3 s: every lab
  // lookup times out, and the lab's breaker opens after 5 of them in a row.
  const start = await page.request.post("/api/lab/runs", {
    data: { mode: "fail-fast", agents: 10, erpLatencyMs: 3_000, durationSeconds: 20 },
  });
  expect(start.status()).toBe(202);
  await expect
    .poll(async () => (await breaker(page.request, LAB_CREDENTIAL))?.state, { timeout: 20_000 })
    .toBe("open");

  // The lab's slow ERP is set on the lab's route only.
  const faults = (await (await page.request.get(`${ERP_URL}/__admin/faults`)).json()) as {
    faults: { route: string; mode: string; latencyMs?: number }[];
  };
  expect(faults.faults).toEqual([expect.objectContaining({ route: LAB_WARRANTY_ROUTE, latencyMs: 3_000 })]);

  // Alice's own Get warranty, while the lab's breaker is open and the run still going.
  const product = "Generator 3kW";
  const ticket = await nextTicketId(page);
  await desk.startButton(product).click();
  const id = await ticket.id();
  await expect(desk.status(product)).toHaveText("Active until 28 Feb 2029");
  const view = (await (await page.request.get(`/api/continuations/${id}`)).json()) as { status: string };
  expect(view.status).toBe("completed");
  await expect(desk.alert(product)).toHaveCount(0);

  expect(await labRunStatus(page.request), "the lookup happened during the run").toBe("running");
  expect(await breaker(page.request, LAB_CREDENTIAL)).toMatchObject({ state: "open" });
  expect(await breaker(page.request, "ERP")).toMatchObject({ state: "closed", consecutiveFailures: 0 });

  // The ERP saw Alice's one lookup on the desk's route; the lab's went to its own.
  const after = await erp.stats();
  const count = (stats: typeof before, route: string) => stats.requests[route] ?? 0;
  expect(count(after, WARRANTY_ROUTE) - count(before, WARRANTY_ROUTE)).toBe(1);
  expect(count(after, LAB_WARRANTY_ROUTE) - count(before, LAB_WARRANTY_ROUTE)).toBeGreaterThanOrEqual(5);

  // The lab shows it too: its breaker open, the desk's closed.
  await page.getByRole("navigation", { name: "Main" }).getByRole("link", { name: "Lab" }).click();
  const latest = page.getByRole("region", { name: "Latest run" });
  await expect(latest.getByRole("listitem", { name: `${LAB_CREDENTIAL}: open`, exact: true })).toBeVisible();
  await expect(latest.getByRole("listitem", { name: "ERP: closed", exact: true })).toBeVisible();
  await screenshot(page, testInfo, "lab-breaker-open");

  // When it ends, the run is kept as fail fast's last run, with its verdict.
  await expect(latest.getByRole("progressbar", { name: "Run progress" })).toHaveAttribute(
    "aria-valuenow",
    "100",
    {
      timeout: 60_000,
    },
  );
  await expect(latest.getByRole("status").filter({ hasText: /^Fail fast: / })).toHaveText(
    /^Fail fast: no agent got an answer; .*failed\.$/,
  );
  const card = page
    .getByRole("region", { name: "Compare the modes" })
    .getByRole("article", { name: "Fail fast" });
  await expect(card.getByText(/^Fail fast: no agent got an answer; .*failed\.$/)).toBeVisible();
  await expect(card.getByText("10 agents · ERP 3 s · 20 s")).toBeVisible();

  // The next run starts with the lab's breaker closed again: a continuation run right after it
  // answers every agent (it used to show 0 succeeded while the breaker was still open).
  expect((await breaker(page.request, LAB_CREDENTIAL))?.state).not.toBe("closed");
  const form = page.getByRole("form", { name: "Run settings" });
  await form.getByRole("radio", { name: "Continuation" }).check();
  await form.getByLabel("Simulated agents").fill("5");
  await form.getByLabel("ERP latency").fill("300");
  await form.getByLabel("Duration").fill("5");
  await form.getByRole("button", { name: "Run", exact: true }).click();
  await expect(latest.getByText("Continuation · 5 agents · ERP latency 300 ms · 5 s")).toBeVisible();
  await expect(latest.getByRole("status").filter({ hasText: /^Continuations: / })).toHaveText(
    "Continuations: every agent got an answer.",
    { timeout: 30_000 },
  );
  await expect(
    page
      .getByRole("region", { name: "Compare the modes" })
      .getByRole("article", { name: "Continuation" })
      .getByText("Continuations: every agent got an answer."),
  ).toBeVisible();
  await expect(card, "fail fast's last run is still there beside it").toContainText("no agent got an answer");
  await screenshot(page, testInfo, "lab-compared");
});

test("A presenter fills the lab's form from a preset and sees the modes side by side on a phone", async ({
  page,
}, testInfo) => {
  await page.setViewportSize({ width: 390, height: 844 });
  await signIn(page, "bob");
  await page.goto("/lab");
  const form = page.getByRole("form", { name: "Run settings" });
  // Under this server's limits (2 long-running after 1 s, fail fast 1 s): 10 agents, ERP 2 s.
  const preset = form.getByRole("button", { name: /^Slow ERP: / });
  await expect(preset).toHaveAccessibleDescription(/synchronous is refused once 2 requests wait/);
  await preset.click();
  await expect(form.getByLabel("Simulated agents")).toHaveValue("10");
  await expect(form.getByLabel("ERP latency")).toHaveValue("2000");
  await expect(form.getByLabel("Duration")).toHaveValue("30");
  await expect(form.getByRole("status")).toHaveText(
    "Slow ERP filled in: 10 agents · ERP 2 s · 30 s. Choose a mode and press Run.",
  );

  const compare = page.getByRole("region", { name: "Compare the modes" });
  for (const mode of ["Synchronous", "Fail fast", "Continuation"]) {
    await expect(compare.getByRole("article", { name: mode })).toBeVisible();
  }
  // Nothing is wider than the phone: no sideways scrolling, every control within the screen.
  expect(await page.evaluate(() => document.documentElement.scrollWidth)).toBeLessThanOrEqual(390);
  for (const control of await page.getByRole("main").getByRole("button").all()) {
    const box = await control.boundingBox();
    expect(box, `${await control.textContent()} is laid out`).not.toBeNull();
    expect(box!.x).toBeGreaterThanOrEqual(0);
    expect(box!.x + box!.width, `${await control.textContent()} fits`).toBeLessThanOrEqual(390);
  }
  await screenshot(page, testInfo, "lab-phone");
});

test("The lab's lookup endpoint takes only the lab's products and modes, from a signed-in agent", async ({
  page,
  playwright,
}) => {
  const anonymous = await playwright.request.newContext({ baseURL: test.info().project.use.baseURL });
  const signedOut = await anonymous.post("/api/lab/warranty-lookups", {
    data: { productId: "wd-drill-18v" },
  });
  expect(signedOut.status()).toBe(401);
  await anonymous.dispose();

  await signIn(page, "bob");
  const notLab = await page.request.post("/api/lab/warranty-lookups", { data: { productId: "wd-saw-circ" } });
  expect(notLab.status()).toBe(400);
  expect(await notLab.json()).toEqual({
    error: {
      code: "INVALID_INPUT",
      message:
        "Invalid input: productId must be one of the lab's products: wd-drill-18v, wd-grind-125, wd-mix-pro, wd-weld-200, wd-gen-3kw, wd-laser-lv.",
    },
  });
  const badMode = await page.request.post("/api/lab/warranty-lookups", {
    data: { productId: "wd-drill-18v", mode: "eventually" },
  });
  expect(badMode.status()).toBe(400);
  expect(((await badMode.json()) as { error: { message: string } }).error.message).toBe(
    "Invalid input: mode must be synchronous, fail-fast or continuation.",
  );
  const extra = await page.request.post("/api/lab/warranty-lookups", {
    data: { productId: "wd-drill-18v", serial: "SN-1001-A" },
  });
  expect(extra.status()).toBe(400);
  expect(((await extra.json()) as { error: { code: string } }).error.code).toBe("INVALID_INPUT");
});
