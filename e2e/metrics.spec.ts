import type { APIRequestContext } from "@playwright/test";
import { ensureAgent } from "./agents";
import { expect, signIn, test } from "./fixtures";
import { ensureOperator, signInByApi } from "./operators";

// GET /api/metrics: who may read it, and that one known run is counted exactly once.

/** playwright.config.ts gives the e2e app this METRICS_TOKEN. */
const METRICS_TOKEN = "e2e-metrics-token-0123456789abcdef0123";
const AGENT = "metrics-agent";
const PRODUCT = "Cordless Drill 18V";

type Sample = { name: string; labels: Record<string, string>; value: number };

/** The samples of a Prometheus text exposition. */
function parse(text: string): Sample[] {
  const samples: Sample[] = [];
  for (const line of text.split("\n")) {
    const match = /^([a-zA-Z_:][\w:]*)(?:\{(.*)\})? (\S+)$/.exec(line);
    if (!match) continue;
    const labels = Object.fromEntries(
      [...(match[2] ?? "").matchAll(/(\w+)="((?:[^"\\]|\\.)*)"/g)].map((m) => [m[1], m[2]]),
    );
    samples.push({ name: match[1]!, labels, value: Number(match[3]) });
  }
  return samples;
}

/** Reads the metrics as an operator would; `value(name, labels)` is 0 for a series not there yet. */
async function readMetrics(request: APIRequestContext) {
  const response = await request.get("/api/metrics");
  expect(response.status()).toBe(200);
  const samples = parse(await response.text());
  const value = (name: string, labels: Record<string, string> = {}) =>
    samples
      .filter((s) => s.name === name && Object.entries(labels).every(([k, v]) => s.labels[k] === v))
      .reduce((sum, s) => sum + s.value, 0);
  return { value };
}

test.beforeAll(() => {
  ensureOperator();
  ensureAgent(AGENT, "Metrics Agent");
});

test("An operator watches one warranty lookup counted exactly once", async ({
  page,
  desk,
  playwright,
  baseURL,
}) => {
  const operator = await playwright.request.newContext({ baseURL });
  await signInByApi(operator);
  // Nothing of an earlier spec still running: every count below moves for this lookup only.
  await expect
    .poll(async () => {
      const { value } = await readMetrics(operator);
      return value("warranty_desk_continuations_suspended") + value("warranty_desk_callouts_in_flight");
    })
    .toBe(0);
  const before = await readMetrics(operator);

  await signIn(page, AGENT);
  // The desk follows its continuations on one event stream.
  await expect
    .poll(async () => (await readMetrics(operator)).value("warranty_desk_event_stream_connections"))
    .toBe(before.value("warranty_desk_event_stream_connections") + 1);
  await desk.getWarranty(PRODUCT).click();
  await expect(desk.status(PRODUCT)).toHaveText("Active until 30 Jun 2029");

  const after = await readMetrics(operator);
  const delta = (name: string, labels: Record<string, string> = {}) =>
    after.value(name, labels) - before.value(name, labels);
  expect(delta("warranty_desk_continuations_started_total", { callback: "warranty.received" })).toBe(1);
  expect(delta("warranty_desk_continuations_started_total")).toBe(1);
  expect(delta("warranty_desk_continuations_completed_total")).toBe(1);
  expect(delta("warranty_desk_continuations_failed_total")).toBe(0);
  expect(delta("warranty_desk_callout_duration_seconds_count", { credential: "ERP" })).toBe(1);
  expect(delta("warranty_desk_callout_duration_seconds_count")).toBe(1);
  expect(delta("warranty_desk_callouts_answered_total", { credential: "ERP", status: "2xx" })).toBe(1);
  // The mock ERP answers after 300 ms (playwright.config.ts): the one observation is in a bucket above.
  expect(delta("warranty_desk_callout_duration_seconds_bucket", { credential: "ERP", le: "0.25" })).toBe(0);
  expect(delta("warranty_desk_callout_duration_seconds_bucket", { credential: "ERP", le: "+Inf" })).toBe(1);
  expect(after.value("warranty_desk_breaker_state", { credential: "ERP" })).toBe(0);
  await operator.dispose();
});

test("Nobody reads the metrics anonymously, agents do not learn they exist, a scraper reads them with the token", async ({
  playwright,
  baseURL,
}) => {
  const anonymous = await playwright.request.newContext({ baseURL });
  for (const headers of [
    {} as Record<string, string>,
    { authorization: `Bearer ${METRICS_TOKEN.slice(0, -1)}x` },
    { authorization: `Basic ${METRICS_TOKEN}` },
  ]) {
    const refused = await anonymous.get("/api/metrics", { headers });
    expect(refused.status()).toBe(401);
    expect(refused.headers()["www-authenticate"]).toMatch(/^Bearer\b/);
    expect(await refused.text()).not.toContain("warranty_desk_");
  }

  const scraper = await anonymous.get("/api/metrics", {
    headers: { authorization: `Bearer ${METRICS_TOKEN}` },
  });
  expect(scraper.status()).toBe(200);
  expect(scraper.headers()["content-type"]).toMatch(/^text\/plain; version=0\.0\.4/);
  expect(scraper.headers()["cache-control"]).toContain("no-store");
  const text = await scraper.text();
  expect(text).toContain("# TYPE warranty_desk_continuations_started_total counter");
  expect(text).toContain("# TYPE warranty_desk_callout_duration_seconds histogram");
  expect(text).toMatch(/^warranty_desk_breaker_state\{credential="ERP"\} \d$/m);
  expect(text).toContain("warranty_desk_process_cpu_seconds_total");
  await anonymous.dispose();

  const agent = await playwright.request.newContext({ baseURL });
  await signInByApi(agent, AGENT);
  const hidden = await agent.get("/api/metrics");
  expect(hidden.status()).toBe(404);
  expect(await hidden.text()).not.toContain("warranty_desk_");
  await agent.dispose();
});
