/**
 * `npm run bench -- --only runtime`: the continuation runtime alone, in-process, on each database
 * (SQLite, and PostgreSQL where a server is installed), against an ERP in its own process. The
 * scenarios are the peer comparison's (../shared/bench-peers): b1 (1 client, ERP instant), b100
 * (100 clients, ERP instant), m (N started at once, ERP answering after a delay), for W1 (one
 * step) and W3 (three chained steps). Prints a table and the JSON (also data/bench/runtime.json).
 *
 *   tsx bench/runtime/run.ts [--databases sqlite,postgres] [--scenarios b1,b100,m] [--workloads W1,W3] [--m 10000] [--m-delay 10000] [--seconds 10]
 */
import { spawn, type ChildProcess } from "node:child_process";
import fs from "node:fs";
import path from "node:path";
import { setTimeout as sleep } from "node:timers/promises";
import { parseArgs } from "node:util";
import { percentile } from "@/lib/lab/stats";
import { startPostgresCluster, type PostgresCluster } from "@/lib/testing/postgres-cluster";
import { counts, openFreshStore, startBenchRuntime, type Backend, type Workload } from "./workload";

const { values: flags } = parseArgs({
  options: {
    databases: { type: "string", default: "sqlite,postgres" },
    m: { type: "string", default: "2000" },
    "m-delay": { type: "string", default: "10000" },
    seconds: { type: "string", default: "10" },
    runs: { type: "string", default: "500" },
    scenarios: { type: "string", default: "b1,b100,m" },
    workloads: { type: "string", default: "W1,W3" },
    backend: { type: "string" },
  },
});
const ERP_PORT = 4710;
// Below the ephemeral range: after the m scenario, its 10,000 client sockets linger there.
const PG_PORT = 25710;
const ERP_URL = `http://127.0.0.1:${ERP_PORT}`;
const ROOT = path.resolve(import.meta.dirname, "..", "..");

interface Result {
  backend: Backend;
  scenario: "b1" | "b100" | "m";
  workload: Workload;
  runs: number;
  throughputPerSecond: number;
  latencyMs: { p50: number; p99: number };
  perStepMs: { p50: number; p99: number };
  statementsPerRun: number;
  commitsPerRun: number;
  exactlyOnce: boolean;
  [extra: string]: unknown;
}

async function startErp(delayMs: number): Promise<ChildProcess> {
  const child = spawn(path.join(ROOT, "node_modules/.bin/tsx"), [path.join(import.meta.dirname, "erp.ts")], {
    env: { ...process.env, ERP_PORT: String(ERP_PORT), ERP_DELAY_MS: String(delayMs) },
    stdio: ["ignore", "pipe", "inherit"],
  });
  await new Promise<void>((resolve, reject) => {
    child.stdout!.once("data", () => resolve());
    child.once("exit", (code) => reject(new Error(`ERP exited (${code})`)));
  });
  return child;
}
async function stopErp(child: ChildProcess): Promise<{ total: number; duplicates: number }> {
  const hits = (await (await fetch(`${ERP_URL}/__admin/hits`)).json()) as {
    total: number;
    duplicates: number;
  };
  child.kill("SIGTERM");
  await new Promise((resolve) => child.once("exit", resolve));
  return hits;
}

const ms = (n: number) => Math.round(n * 100) / 100;
const summary = (latencies: number[], steps: number) => {
  const sorted = [...latencies].sort((a, b) => a - b);
  const p50 = percentile(sorted, 50);
  const p99 = percentile(sorted, 99);
  return {
    latencyMs: { p50: ms(p50), p99: ms(p99) },
    perStepMs: { p50: ms(p50 / steps), p99: ms(p99 / steps) },
  };
};

/** One scenario on a fresh store, with the ERP's exactly-once check. */
async function scenario(
  backend: Backend,
  pgUrl: string | undefined,
  name: Result["scenario"],
  workload: Workload,
  erpDelayMs: number,
  warmup: number,
  drive: (
    start: (key: string) => Promise<{ done: Promise<unknown> }>,
  ) => Promise<Record<string, unknown> & { runs: number; latencies: number[]; seconds: number }>,
): Promise<Result> {
  const erp = await startErp(erpDelayMs);
  const opened = await openFreshStore(backend, { pgUrl });
  const bench = await startBenchRuntime(opened.store, ERP_URL);
  const steps = workload === "W1" ? 1 : 3;
  let n = 0;
  const start = (key: string) => bench.start(workload, `${name}-${workload}-${key}-${n++}`, `SN-${n}`);
  for (let i = 0; i < warmup; i++) await timed(start, "warm");
  const before = { ...counts };
  const outcome = await drive(start);
  const statements = counts.statements - before.statements;
  const commits = counts.transactions - before.transactions;
  await bench.runtime.close();
  const completed = await opened.countCompleted();
  await opened.cleanup();
  const hits = await stopErp(erp);
  const { latencies, seconds, ...extra } = outcome;
  return {
    backend,
    scenario: name,
    workload,
    throughputPerSecond: Math.round((outcome.runs / seconds) * 10) / 10,
    ...summary(latencies, steps),
    statementsPerRun: ms(statements / outcome.runs),
    commitsPerRun: ms(commits / outcome.runs),
    exactlyOnce: hits.duplicates === 0 && hits.total >= outcome.runs * steps && completed >= outcome.runs,
    ...extra,
    runs: outcome.runs,
  };
}

async function timed(
  start: (key: string) => Promise<{ done: Promise<unknown> }>,
  key: string,
): Promise<number> {
  const t0 = performance.now();
  const { done } = await start(key);
  await done;
  return performance.now() - t0;
}

async function runBackend(backend: Backend, pgUrl?: string): Promise<Result[]> {
  const results: Result[] = [];
  const runs = Number(flags.runs);
  const seconds = Number(flags.seconds);
  const only = (name: string) => flags.scenarios.split(",").includes(name);
  for (const workload of flags.workloads.split(",") as Workload[]) {
    if (only("b1"))
      results.push(
        await scenario(backend, pgUrl, "b1", workload, 0, 50, async (start) => {
          const latencies: number[] = [];
          const t0 = performance.now();
          for (let i = 0; i < runs; i++) latencies.push(await timed(start, "b1"));
          return { runs, latencies, seconds: (performance.now() - t0) / 1000 };
        }),
      );
    if (only("b100"))
      results.push(
        await scenario(backend, pgUrl, "b100", workload, 0, 50, async (start) => {
          const latencies: number[] = [];
          const t0 = performance.now();
          const until = t0 + seconds * 1000;
          await Promise.all(
            Array.from({ length: 100 }, async () => {
              while (performance.now() < until) latencies.push(await timed(start, "b100"));
            }),
          );
          return {
            runs: latencies.length,
            latencies,
            seconds: (performance.now() - t0) / 1000,
            clients: 100,
          };
        }),
      );
  }
  const n = Number(flags.m);
  const delay = Number(flags["m-delay"]);
  if (only("m"))
    results.push(
      await scenario(backend, pgUrl, "m", "W1", delay, 0, async (start) => {
        global.gc?.();
        const baseline = process.memoryUsage().rss;
        let peak = baseline;
        const sampler = setInterval(() => (peak = Math.max(peak, process.memoryUsage().rss)), 100);
        const t0 = performance.now();
        const started = await Promise.all(Array.from({ length: n }, (_, i) => start(`m${i}`)));
        const startAllMs = performance.now() - t0;
        const latencies = await Promise.all(
          started.map(async ({ done }) => {
            await done;
            return performance.now() - t0;
          }),
        );
        clearInterval(sampler);
        const allDoneMs = performance.now() - t0;
        return {
          runs: n,
          latencies,
          seconds: allDoneMs / 1000,
          erpDelayMs: delay,
          startAllMs: Math.round(startAllMs),
          allDoneMs: Math.round(allDoneMs),
          peakRssMiB: Math.round(peak / 2 ** 20),
          kibPerInFlight: Math.round((peak - baseline) / 1024 / n),
        };
      }),
    );
  return results;
}

/** Each database in a process of its own, so one's memory does not count against the other. */
async function inChild(backend: Backend, pgUrl?: string): Promise<Result[]> {
  const out = path.join(ROOT, "data/bench", `runtime-${backend}.json`);
  const args = [...process.execArgv, import.meta.filename, ...process.argv.slice(2), "--backend", backend];
  const child = spawn(process.execPath, args, {
    stdio: "inherit",
    env: { ...process.env, BENCH_OUT: out, ...(pgUrl ? { BENCH_PG_URL: pgUrl } : {}) },
  });
  await new Promise((resolve) => child.once("exit", resolve));
  return fs.existsSync(out) ? (JSON.parse(fs.readFileSync(out, "utf8")) as Result[]) : [];
}

fs.mkdirSync(path.join(ROOT, "data/bench"), { recursive: true });
if (flags.backend) {
  const results = await runBackend(flags.backend as Backend, process.env.BENCH_PG_URL);
  fs.writeFileSync(process.env.BENCH_OUT!, JSON.stringify(results));
  process.exit(0);
}
const databases = flags.databases.split(",");
const results: Result[] = databases.includes("sqlite") ? await inChild("sqlite") : [];
let cluster: PostgresCluster | undefined;
if (databases.includes("postgres")) {
  try {
    cluster = startPostgresCluster(PG_PORT);
    results.push(...(await inChild("postgres", cluster.url)));
  } catch (error) {
    console.error(`PostgreSQL skipped: ${error instanceof Error ? error.message : String(error)}`);
  } finally {
    cluster?.stop();
  }
}

console.log(
  "\nbackend   scenario  wl  runs    runs/s   p50 ms   p99 ms  step p50  step p99  sql/run  commits/run  exactly once",
);
for (const r of results) {
  console.log(
    [
      r.backend.padEnd(9),
      r.scenario.padEnd(9),
      r.workload,
      String(r.runs).padStart(5),
      String(r.throughputPerSecond).padStart(9),
      String(r.latencyMs.p50).padStart(8),
      String(r.latencyMs.p99).padStart(8),
      String(r.perStepMs.p50).padStart(9),
      String(r.perStepMs.p99).padStart(9),
      String(r.statementsPerRun).padStart(8),
      String(r.commitsPerRun).padStart(12),
      r.exactlyOnce ? "  yes" : "  NO",
    ].join(" "),
  );
}
const json = JSON.stringify({ at: new Date().toISOString(), results }, null, 2);
fs.writeFileSync(path.join(ROOT, "data/bench/runtime.json"), json);
console.log(json);
await sleep(0);
process.exit(results.every((r) => r.exactlyOnce) ? 0 : 1);
