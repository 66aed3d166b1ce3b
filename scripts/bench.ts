/**
 * `npm run bench`: the speeding-ticket benchmark, headless. Starts the mock ERP and, for every run,
 * a fresh production app process on a fresh copy of the database; simulated agents (in this
 * process) click against the app's real HTTP endpoints. Prints a short table and the JSON.
 *
 *   npm run bench                       scenarios a and b on SQLite (under two minutes)
 *   npm run bench -- --postgres         the same on a throwaway PostgreSQL cluster
 *   npm run bench -- --scale            adds scenario c: 10,000 continuations in flight at once
 *   npm run bench -- --only c --scale   just one scenario
 *   npm run bench -- --only runtime     the runtime alone, in-process, on SQLite and PostgreSQL
 *                                       (bench/runtime/run.ts; with --scale, 10,000 at once)
 *   npm run bench -- --duration 30      scenario a's runs last 30 s (default 15)
 *
 * The JSON is also written to data/bench/latest.json. See docs/performance.md.
 */
import { spawn, spawnSync, type ChildProcess } from "node:child_process";
import fs from "node:fs";
import os from "node:os";
import path from "node:path";
import { setTimeout as sleep } from "node:timers/promises";
import { parseArgs } from "node:util";
import pg from "pg";
import { generateLoad, type ClickRecord, type LoadOperation } from "../lib/lab/load-generator";
import { LAB_MODES, LAB_PRODUCTS, type LabMode } from "../lib/lab/lab-types";

/** The desk's warranty route on the mock ERP: the benchmark measures the desk's own endpoint. */
const WARRANTY_ROUTE = "GET /warranty/:serial";
import { latencySummary } from "../lib/lab/stats";
import { startPostgresCluster, type PostgresCluster } from "../lib/testing/postgres-cluster";

const { values: flags } = parseArgs({
  options: {
    postgres: { type: "boolean", default: false },
    scale: { type: "boolean", default: false },
    only: { type: "string" },
    duration: { type: "string", default: "15" },
  },
});
type Env = Record<string, string>;
const ERP_PORT = 4510;
const APP_PORT = 3510;
// Below the ephemeral range (32768-60999), where a run's many client sockets linger.
const PG_PORT = 25510;
const ERP_URL = `http://127.0.0.1:${ERP_PORT}`;
const APP_URL = `http://127.0.0.1:${APP_PORT}`;
const SCENARIO_A_SECONDS = Number(flags.duration);
if (!Number.isInteger(SCENARIO_A_SECONDS) || SCENARIO_A_SECONDS < 5) {
  throw new Error("--duration must be a whole number of seconds, at least 5.");
}

interface RunPlan {
  scenario: "a" | "b" | "c";
  name: string;
  operation: LoadOperation;
  /** ERP steps per click (the order chain has three). */
  steps: number;
  agents: number;
  erpLatencyMs: number;
  durationMs: number;
  clicksPerAgent?: number;
  /** Sockets the agents share (default one each). */
  maxConnections?: number;
  thinkMs: number;
  rampMs: number;
}

export interface RunResult {
  scenario: string;
  name: string;
  mode: LabMode;
  steps: number;
  agents: number;
  erpLatencyMs: number;
  clicks: number;
  succeeded: number;
  refused: number;
  failed: number;
  succeededShare: number;
  /** Click to result of succeeded clicks (ms). */
  clickToResultMs: { p50: number; p95: number; p99: number; max: number } | null;
  /** Click to result minus the ERP's latency, per step (ms). */
  overheadPerStepMs: { p50: number; p95: number; p99: number } | null;
  /** Succeeded clicks per second, first click to last answer. */
  throughputPerSecond: number;
  /** Most continuations suspended at once in the app (sampled every 250 ms). */
  peakSuspended: number;
  /** The app process's peak resident memory (VmHWM), MiB. */
  appPeakRssMiB: number;
  wallSeconds: number;
  failureMessages: Record<string, number>;
}

function plans(): RunPlan[] {
  const wanted = new Set((flags.only ?? (flags.scale ? "a,b,c" : "a,b")).split(","));
  const all: RunPlan[] = [];
  if (wanted.has("a")) {
    for (const mode of LAB_MODES) {
      all.push({
        scenario: "a",
        name: `a: 100 agents, ERP 6 s, ${mode}`,
        operation: { kind: "warranty", mode, productIds: LAB_PRODUCTS },
        steps: 1,
        agents: 100,
        erpLatencyMs: 6_000,
        durationMs: SCENARIO_A_SECONDS * 1_000,
        thinkMs: 1_000,
        rampMs: 7_000,
      });
    }
  }
  if (wanted.has("b")) {
    const overhead = { agents: 100, erpLatencyMs: 0, durationMs: 5_000, thinkMs: 0, rampMs: 0 } as const;
    all.push({
      scenario: "b",
      name: "b: overhead, 100 agents, ERP instant, warranty (1 step)",
      operation: { kind: "warranty", mode: "continuation", productIds: LAB_PRODUCTS },
      steps: 1,
      ...overhead,
    });
    all.push({
      scenario: "b",
      name: "b: overhead, 100 agents, ERP instant, order chain (3 steps)",
      operation: { kind: "order", productIds: LAB_PRODUCTS },
      steps: 3,
      ...overhead,
    });
  }
  if (wanted.has("c")) {
    if (!flags.scale) throw new Error("Scenario c (10,000 continuations in flight) needs --scale.");
    all.push({
      scenario: "c",
      name: "c: scale, 10,000 continuations in flight, ERP 10 s",
      operation: { kind: "warranty", mode: "continuation", productIds: LAB_PRODUCTS },
      steps: 1,
      agents: 10_000,
      erpLatencyMs: 10_000,
      durationMs: 0,
      clicksPerAgent: 1,
      thinkMs: 0,
      rampMs: 5_000,
      maxConnections: 256,
    });
  }
  return all;
}

// ---- processes -------------------------------------------------------------------------------

const children = new Set<ChildProcess>();
/** Stopped on any exit, Ctrl-C included (the PostgreSQL cluster is not a child process). */
const cleanups: (() => void)[] = [];
function stopChildren() {
  for (const child of children) if (child.exitCode === null) child.kill("SIGKILL");
  for (const cleanup of cleanups.splice(0)) cleanup();
}
process.on("exit", stopChildren);
for (const signal of ["SIGINT", "SIGTERM"] as const) {
  process.on(signal, () => {
    stopChildren();
    process.exit(130);
  });
}

function launch(command: string, args: string[], env: Env): ChildProcess {
  const child = spawn(command, args, {
    env: { ...process.env, ...env },
    stdio: ["ignore", "ignore", "inherit"],
  });
  children.add(child);
  child.once("exit", () => children.delete(child));
  return child;
}

async function waitHealthy(url: string, child: ChildProcess, what: string): Promise<void> {
  const until = Date.now() + 60_000;
  while (Date.now() < until) {
    if (child.exitCode !== null) throw new Error(`${what} exited while starting (${child.exitCode}).`);
    const ok = await fetch(url, { signal: AbortSignal.timeout(1_000) }).then(
      (r) => r.ok,
      () => false,
    );
    if (ok) return;
    await sleep(100);
  }
  throw new Error(`${what} did not become healthy within 60 s.`);
}

async function stop(child: ChildProcess): Promise<void> {
  if (child.exitCode !== null || child.signalCode !== null) return;
  const exited = new Promise((resolve) => child.once("exit", resolve));
  // A profiled app must exit on its own to write its profile (graceful shutdown, within seconds).
  child.kill(process.env.BENCH_PROFILE_DIR ? "SIGTERM" : "SIGKILL");
  await exited;
}

/** The database of one run: a fresh copy of a prepared (migrated, seeded) template. */
interface Databases {
  fresh(run: number): Promise<Env>;
  close(): void;
}

function prepare(env: Env): void {
  const result = spawnSync("node_modules/.bin/tsx", ["scripts/start.ts", "--prepare"], {
    env: { ...process.env, LOG_LEVEL: "warn", ...env },
    encoding: "utf8",
  });
  if (result.status !== 0) throw new Error(`Preparing the app failed:\n${result.stdout}${result.stderr}`);
}

async function databases(root: string): Promise<Databases> {
  if (!flags.postgres) {
    const template = path.join(root, "template");
    prepare({ DATA_DIR: template, SQLITE_URL: `file:${path.join(template, "app.db")}` });
    return {
      async fresh(run) {
        const dir = path.join(root, `run-${run}`);
        fs.cpSync(template, dir, { recursive: true });
        return { DATA_DIR: dir, SQLITE_URL: `file:${path.join(dir, "app.db")}` };
      },
      close: () => undefined,
    };
  }
  const cluster: PostgresCluster = startPostgresCluster(PG_PORT);
  const stopCluster = () => cluster.stop();
  cleanups.push(stopCluster);
  const admin = new pg.Client({ connectionString: cluster.url });
  await admin.connect();
  await admin.query("CREATE DATABASE bench_template");
  const urlOf = (name: string) => cluster.url.replace(/\/postgres$/, `/${name}`);
  prepare({ DATA_DIR: root, DB_PROVIDER: "postgres", DATABASE_URL: urlOf("bench_template") });
  return {
    async fresh(run) {
      await admin.query(`CREATE DATABASE bench_run_${run} TEMPLATE bench_template`);
      return { DATA_DIR: root, DB_PROVIDER: "postgres", DATABASE_URL: urlOf(`bench_run_${run}`) };
    },
    close() {
      void admin.end();
      cleanups.splice(cleanups.indexOf(stopCluster), 1);
      cluster.stop();
    },
  };
}

// ---- one run ---------------------------------------------------------------------------------

async function signIn(): Promise<string> {
  const response = await fetch(`${APP_URL}/api/sessions`, {
    method: "POST",
    headers: { "content-type": "application/json" },
    body: JSON.stringify({ username: "alice", password: "warranty-demo" }),
  });
  if (response.status !== 204) throw new Error(`Signing in failed: HTTP ${response.status}`);
  return response.headers
    .getSetCookie()
    .map((c) => c.split(";")[0])
    .join("; ");
}

async function erpFault(body: object): Promise<string> {
  const response = await fetch(`${ERP_URL}/__admin/faults`, {
    method: "POST",
    headers: { "content-type": "application/json" },
    body: JSON.stringify(body),
  });
  return ((await response.json()) as { id: string }).id;
}

function peakRssMiB(pid: number): number {
  const status = fs.readFileSync(`/proc/${pid}/status`, "utf8");
  const kb = Number(/VmHWM:\s+(\d+)/.exec(status)?.[1] ?? NaN);
  return Math.round((kb / 1024) * 10) / 10;
}

/**
 * One plan in a fresh app process: a short warm-up (not counted: the first requests load route
 * bundles and compile queries), for scenario b a one-agent baseline, then the measured load.
 */
async function execute(plan: RunPlan, dbEnv: Env): Promise<RunResult[]> {
  // BENCH_PROFILE_DIR=dir: the app runs under `node --cpu-prof` (profiles written there on exit).
  const profile = process.env.BENCH_PROFILE_DIR;
  const next = ["start", "-p", String(APP_PORT), "-H", "127.0.0.1"];
  const [command, args] = profile
    ? [
        process.execPath,
        ["--cpu-prof", `--cpu-prof-dir=${profile}`, "node_modules/next/dist/bin/next", ...next],
      ]
    : ["node_modules/.bin/next", next];
  const app = launch(command, args, {
    ...dbEnv,
    PORT: String(APP_PORT),
    HOST: "127.0.0.1",
    ERP_URL,
    INSTANCE_ID: "bench",
    LOG_LEVEL: "warn",
    NEXT_TELEMETRY_DISABLED: "1",
    NEXT_MANUAL_SIG_HANDLE: "1",
  });
  try {
    await waitHealthy(`${APP_URL}/api/health`, app, "The app");
    const cookie = await signIn();
    const load = (agents: number, durationMs: number, more: Partial<RunPlan> = {}) =>
      generateLoad({
        baseUrl: APP_URL,
        cookie,
        operation: plan.operation,
        agents,
        durationMs,
        thinkMs: 0,
        rampMs: 0,
        ...more,
      });
    await load(5, 1_500); // warm-up, ERP instant
    const results: RunResult[] = [];
    if (plan.scenario === "b") {
      const baseline = { ...plan, name: plan.name.replace("100 agents", "1 agent"), agents: 1 };
      results.push(await measure(baseline, app.pid!, cookie, () => load(1, 3_000)));
    }
    results.push(
      await measure(plan, app.pid!, cookie, () =>
        load(plan.agents, plan.durationMs, {
          clicksPerAgent: plan.clicksPerAgent,
          maxConnections: plan.maxConnections,
          thinkMs: plan.thinkMs,
          rampMs: plan.rampMs,
        }),
      ),
    );
    return results;
  } finally {
    await stop(app);
  }
}

/**
 * Runs `load` with the plan's ERP latency set, sampling the app's suspended continuations (from
 * the health details, which need the signed-in `cookie`).
 */
async function measure(
  plan: RunPlan,
  pid: number,
  cookie: string,
  load: () => Promise<ClickRecord[]>,
): Promise<RunResult> {
  const fault =
    plan.operation.kind === "warranty"
      ? await erpFault({ route: WARRANTY_ROUTE, mode: "latency", latencyMs: plan.erpLatencyMs })
      : null;
  let peakSuspended = 0;
  let sampling = true;
  const sampler = (async () => {
    while (sampling) {
      const health = await fetch(`${APP_URL}/api/health`, { headers: { cookie } }).then(
        (r) => r.json() as Promise<{ runtime?: { suspended: number } }>,
        () => null,
      );
      peakSuspended = Math.max(peakSuspended, health?.runtime?.suspended ?? 0);
      await sleep(250);
    }
  })();
  const started = performance.now();
  const clicks = await load();
  const wallSeconds = (performance.now() - started) / 1_000;
  sampling = false;
  await sampler;
  if (fault) await fetch(`${ERP_URL}/__admin/faults/${fault}`, { method: "DELETE" });
  return summarize(plan, clicks, { wallSeconds, peakSuspended, appPeakRssMiB: peakRssMiB(pid) });
}

function summarize(
  plan: RunPlan,
  clicks: ClickRecord[],
  measured: { wallSeconds: number; peakSuspended: number; appPeakRssMiB: number },
): RunResult {
  const ok = clicks.filter((c) => c.outcome === "succeeded");
  const latency = latencySummary(ok.map((c) => c.latencyMs));
  const perStep = (ms: number) => Math.round(((ms - plan.erpLatencyMs * plan.steps) / plan.steps) * 10) / 10;
  const first = Math.min(...clicks.map((c) => c.startedAtMs));
  const last = Math.max(...clicks.map((c) => c.startedAtMs + c.latencyMs));
  const failureMessages: Record<string, number> = {};
  for (const click of clicks) {
    if (click.outcome === "succeeded") continue;
    const key = `${click.outcome}: ${click.message ?? "?"}`;
    failureMessages[key] = (failureMessages[key] ?? 0) + 1;
  }
  return {
    scenario: plan.scenario,
    name: plan.name,
    mode: plan.operation.kind === "order" ? "continuation" : plan.operation.mode,
    steps: plan.steps,
    agents: plan.agents,
    erpLatencyMs: plan.erpLatencyMs,
    clicks: clicks.length,
    succeeded: ok.length,
    refused: clicks.filter((c) => c.outcome === "refused").length,
    failed: clicks.filter((c) => c.outcome === "failed").length,
    succeededShare: clicks.length ? Math.round((ok.length / clicks.length) * 1000) / 1000 : 0,
    clickToResultMs: latency,
    overheadPerStepMs: latency && {
      p50: perStep(latency.p50),
      p95: perStep(latency.p95),
      p99: perStep(latency.p99),
    },
    throughputPerSecond: Math.round((ok.length / ((last - first) / 1_000 || 1)) * 10) / 10,
    peakSuspended: measured.peakSuspended,
    appPeakRssMiB: measured.appPeakRssMiB,
    wallSeconds: Math.round(measured.wallSeconds * 10) / 10,
    failureMessages,
  };
}

// ---- output ----------------------------------------------------------------------------------

function table(results: RunResult[]): string {
  const rows = [
    [
      "run",
      "agents",
      "ok",
      "refused",
      "failed",
      "ok %",
      "p50 ms",
      "p95 ms",
      "p99 ms",
      "ovh/step p50",
      "p99",
      "/s",
      "RSS MiB",
    ],
    ...results.map((r) => [
      r.name,
      String(r.agents),
      String(r.succeeded),
      String(r.refused),
      String(r.failed),
      (r.succeededShare * 100).toFixed(1),
      String(r.clickToResultMs?.p50 ?? "–"),
      String(r.clickToResultMs?.p95 ?? "–"),
      String(r.clickToResultMs?.p99 ?? "–"),
      String(r.overheadPerStepMs?.p50 ?? "–"),
      String(r.overheadPerStepMs?.p99 ?? "–"),
      String(r.throughputPerSecond),
      String(r.appPeakRssMiB),
    ]),
  ];
  const widths = rows[0]!.map((_, i) => Math.max(...rows.map((row) => row[i]!.length)));
  return rows
    .map((row) =>
      row.map((cell, i) => (i === 0 ? cell.padEnd(widths[i]!) : cell.padStart(widths[i]!))).join("  "),
    )
    .join("\n");
}

async function main() {
  const root = fs.mkdtempSync(path.join(os.tmpdir(), "warranty-desk-bench-"));
  const started = Date.now();
  const erp = launch(process.execPath, ["--import", "tsx", "mock-services/erp/main.ts"], {
    ERP_PORT: String(ERP_PORT),
    ERP_DEFAULT_LATENCY_MS: "0",
    ERP_LOG: "0",
  });
  let dbs: Databases | undefined;
  try {
    await waitHealthy(`${ERP_URL}/health`, erp, "The mock ERP");
    console.error("Preparing the app (migrate, seed, build when stale)…");
    dbs = await databases(root);
    const results: RunResult[] = [];
    let run = 0;
    for (const plan of plans()) {
      console.error(`Running ${plan.name}…`);
      results.push(...(await execute(plan, await dbs.fresh(run++))));
    }
    const report = {
      date: new Date().toISOString(),
      database: flags.postgres ? "postgres" : "sqlite",
      machine: {
        cpus: os.cpus().length,
        memoryGiB: Math.round(os.totalmem() / 2 ** 30),
        node: process.version,
      },
      totalSeconds: Math.round((Date.now() - started) / 100) / 10,
      results,
    };
    console.log(table(results));
    console.log(JSON.stringify(report, null, 2));
    fs.mkdirSync("data/bench", { recursive: true });
    fs.writeFileSync("data/bench/latest.json", JSON.stringify(report, null, 2));
  } finally {
    dbs?.close();
    await stop(erp);
    fs.rmSync(root, { recursive: true, force: true });
  }
}

/** `--only runtime`: the in-process runtime benchmark, as its own process (it measures its own memory). */
function runtimeBench(): void {
  const args = ["--expose-gc", "--import", "tsx", "bench/runtime/run.ts"];
  if (flags.scale) args.push("--m", "10000");
  const result = spawnSync(process.execPath, args, { stdio: "inherit" });
  process.exitCode = result.status ?? 1;
}

if (flags.only === "runtime") runtimeBench();
else
  main().catch((error: unknown) => {
    console.error(error instanceof Error ? error.message : error);
    process.exitCode = 1;
  });
