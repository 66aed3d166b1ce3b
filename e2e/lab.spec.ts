import type { Page } from "@playwright/test";
import { expect, screenshot, signIn, test } from "./fixtures";

// The lab's simulated agents act as the `lab` agent, so no spec's own lookups are touched. Signed
// in as bob, who only reads here.

/** Opens the lab from the main nav (a client-side navigation: the desk stays live). */
async function openLab(page: Page) {
  await page.getByRole("navigation", { name: "Main" }).getByRole("link", { name: "Lab" }).click();
  await expect(page.getByRole("heading", { name: "Lab", level: 1 })).toBeVisible();
  await expect(page.getByRole("region", { name: "Latest run" })).toBeVisible();
}

function settings(page: Page) {
  const form = page.getByRole("form", { name: "Run settings" });
  return {
    form,
    mode: (name: "Synchronous" | "Fail fast" | "Continuation") => form.getByRole("radio", { name }),
    agents: form.getByLabel("Simulated agents"),
    latency: form.getByLabel("ERP latency"),
    duration: form.getByLabel("Duration"),
    run: form.getByRole("button", { name: "Run", exact: true }),
    running: form.getByRole("button", { name: "Running…" }),
  };
}

/** A number from the totals ("Clicks: 23"). */
async function total(page: Page, label: string): Promise<number> {
  const item = page
    .getByRole("list", { name: "Totals" })
    .getByRole("listitem", { name: new RegExp(`^${label}: `) });
  const name = (await item.getAttribute("aria-label")) ?? "";
  return Number(name.slice(label.length + 2).replaceAll(",", ""));
}

test("An agent runs a small continuation run in the lab and watches it to the end", async ({
  page,
}, testInfo) => {
  await signIn(page, "bob");
  await openLab(page);
  const form = settings(page);
  await form.mode("Continuation").check();
  await form.agents.fill("5");
  await form.latency.fill("300");
  await form.duration.fill("5");
  await form.run.click();

  await expect(form.running).toBeDisabled();
  const run = page.getByRole("region", { name: "Latest run" });
  await expect(run.getByText("Continuation · 5 agents · ERP latency 300 ms · 5 s")).toBeVisible();
  const progress = run.getByRole("progressbar", { name: "Run progress" });
  await expect(page.getByRole("listitem", { name: /^Succeeded: [1-9]/ })).toBeVisible();
  await screenshot(page, testInfo, "lab-running");

  await expect(progress).toHaveAttribute("aria-valuenow", "100", { timeout: 30_000 });
  await expect(run.getByText(/^Finished at \d\d:\d\d:\d\d, after \d+ s/)).toBeVisible();
  await expect(form.run).toBeEnabled();

  // Five agents clicking for 5 s, each about once every 1.3 s: some clicks, every one succeeded.
  const clicks = await total(page, "Clicks");
  expect(clicks).toBeGreaterThanOrEqual(5);
  expect(await total(page, "Succeeded")).toBe(clicks);
  expect(await total(page, "Refused")).toBe(0);
  expect(await total(page, "Failed")).toBe(0);
  expect(await total(page, "In flight")).toBe(0);
  await expect(page.getByRole("listitem", { name: /^p50: [\d.]+ m?s$/ })).toBeVisible();
  await expect(page.getByText("No click was refused or failed.")).toBeVisible();
  await expect(run.getByRole("listitem", { name: "ERP: closed", exact: true })).toBeVisible();

  // Each chart: drawn (recharts' surface is an "application"), its axis titles and its legend.
  const charts = [
    {
      title: "Answers per second",
      texts: ["Time since the run started (s)", "Clicks answered", "Succeeded", "Refused", "Failed"],
    },
    {
      title: "Latency of succeeded clicks",
      texts: [/^Click to result \((ms|s), bucket start\)$/, "Clicks", "Succeeded clicks"],
    },
    {
      title: "Requests waiting for the ERP",
      texts: [
        "Time since the run started (s)",
        "Requests",
        "Synchronous in flight",
        "Suspended continuations",
      ],
    },
  ];
  for (const { title, texts } of charts) {
    const chart = run.getByRole("figure", { name: title });
    await expect(chart.getByRole("application")).toBeVisible();
    for (const text of texts) await expect(chart.getByText(text, { exact: true })).toBeVisible();
  }
  // Bars for the answers and for the latencies: both had data to draw.
  for (const title of ["Answers per second", "Latency of succeeded clicks"]) {
    await expect(
      run.getByRole("figure", { name: title }).locator(".recharts-bar-rectangle").first(),
    ).toBeVisible();
  }
  await screenshot(page, testInfo, "lab-finished");
});

test("An agent asks the lab for more simulated agents than it allows", async ({ page }) => {
  await signIn(page, "bob");
  await openLab(page);
  const starts: string[] = [];
  page.on("request", (request) => {
    if (request.method() === "POST" && new URL(request.url()).pathname === "/api/lab/runs")
      starts.push(request.url());
  });
  const form = settings(page);
  await form.agents.fill("5000");
  await form.duration.fill("");
  await form.run.click();

  await expect(form.form.getByText("Simulated agents must be at most 1,000.")).toBeVisible();
  await expect(form.form.getByText("Duration must be a number.")).toBeVisible();
  await expect(form.agents).toHaveAttribute("aria-invalid", "true");
  await expect(form.agents).toBeFocused();

  // Fixing a field clears its message; the form still holds the other one back.
  await form.agents.fill("50");
  await expect(form.form.getByText("Simulated agents must be at most 1,000.")).toHaveCount(0);
  await form.run.click();
  await expect(form.form.getByText("Duration must be a number.")).toBeVisible();
  expect(starts, "nothing was sent while the settings were wrong").toEqual([]);

  // The server says the same in its own words, for whoever calls it without the form.
  const response = await page.request.post("/api/lab/runs", {
    data: { mode: "continuation", agents: 5000, erpLatencyMs: 300, durationSeconds: 5 },
  });
  expect(response.status()).toBe(400);
  expect(await response.json()).toEqual({
    error: { code: "INVALID_INPUT", message: "Invalid input: agents must be at most 1,000." },
  });
});

test("The desk shows the ERP's circuit breaker on every page", async ({ page }) => {
  await signIn(page, "bob");
  const badge = page.getByRole("banner").getByRole("status", { name: "ERP status" });
  await expect(badge).toHaveText("ERP: available");
  await openLab(page);
  await expect(badge).toHaveText("ERP: available");
});

test("The badge says when the ERP's breaker is open, and when it is testing the connection", async ({
  page,
}) => {
  // Opening the real breaker would pause the ERP for every later spec; the wording is the badge's
  // alone, so the health answer is given here (the real one is checked in the test above).
  const probeAt = new Date(Date.now() + 30_000);
  let state: "open" | "half-open" = "open";
  await page.route("**/api/health", (route) =>
    route.fulfill({
      json: {
        status: "ok",
        erp: { ok: true },
        breakers: [
          {
            credential: "ERP",
            state,
            consecutiveFailures: 5,
            threshold: 5,
            openedAt: new Date().toISOString(),
            probeAt: state === "open" ? probeAt.toISOString() : null,
          },
        ],
      },
    }),
  );
  await signIn(page, "bob");
  const badge = page.getByRole("banner").getByRole("status", { name: "ERP status" });
  // The time of day in the browser's time zone, as the badge shows it.
  const clock = await page.evaluate((iso) => {
    const at = new Date(iso);
    return [at.getHours(), at.getMinutes(), at.getSeconds()].map((n) => String(n).padStart(2, "0")).join(":");
  }, probeAt.toISOString());
  await expect(badge).toHaveText(`ERP failing — requests paused until ${clock}`);
  state = "half-open";
  await expect(badge).toHaveText("ERP: testing the connection", { timeout: 10_000 });
});
