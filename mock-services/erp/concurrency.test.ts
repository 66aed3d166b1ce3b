/**
 * The mock ERP holds thousands of requests in flight at once, each waiting out its latency:
 * 3,000 by default (5 to 8 s; 16 s at load 9 among the other test files), 10,000 with
 * `ERP_LOAD_TEST_REQUESTS=10000` (10 to 25 s).
 *
 * Why 3,000 in the regular run: on this project's 2-core machines 10,000 took 10 to 11 s when the
 * machine was otherwise quiet but 19 to 24 s while other test files and a browser shared the cores,
 * and once (load 8.6) handshakes were dropped often enough to hit a 20 s connect timeout. 3,000 fit
 * in the kernel's accept queue (`net.core.somaxconn`, 4096) in one burst, so none is dropped.
 * The latency is 3 s (5 s above 4,096), not 1.5 s: it must outlast the arrival of the burst, or
 * the first requests are answered before the last ones arrive. Reading 3,000 requests took up to
 * 2.6 s on a busy machine (1,909 of 3,000 held at once with 1.5 s); above the accept queue dropped
 * handshakes are retried after 1 s, 3 s, 7 s (4,500 to 7,500 of 10,000 held at once with 1.5 s).
 *
 * The ERP runs as its own process (`main.ts`, as `npm run erp` and the benchmark run it), not in the
 * test's process: every request holds one socket on each side, so client and server together need
 * two file descriptors per request, and 10,000 of them do not fit under a limit of 20,000
 * (`ulimit -n` on this project's machines). Each process needs N + about 100 (see README.md).
 */
import { spawn, type ChildProcess } from "node:child_process";
import { once } from "node:events";
import { readFileSync } from "node:fs";
import path from "node:path";
import { Agent, request } from "undici";
import { afterAll, beforeAll, expect, it } from "vitest";
import type { StatsSnapshot } from "./stats";

const REPO_ROOT = path.resolve(import.meta.dirname, "../..");
const API_KEY = "test-api-key";
/** Requests wanted; ERP_LOAD_TEST_REQUESTS overrides (an integer from 1 to 20,000). */
const WANTED = readWanted(process.env.ERP_LOAD_TEST_REQUESTS, 3_000);
/** The largest burst of new connections the kernel queues for accept (`somaxconn`, 4096 here). */
const ACCEPT_QUEUE = readNumber("/proc/sys/net/core/somaxconn") ?? 4_096;
/** File descriptors the test process uses besides the sockets (vitest, node, pipes). */
const FD_RESERVE = 200;

function readWanted(raw: string | undefined, fallback: number): number {
  if (raw === undefined || raw === "") return fallback;
  const value = Number(raw);
  if (!Number.isInteger(value) || value < 1 || value > 20_000) {
    throw new Error(`ERP_LOAD_TEST_REQUESTS must be an integer from 1 to 20000, not "${raw}".`);
  }
  return value;
}

/** The first number in a Linux `/proc` file after `label` (at a line start), or null. */
function readNumber(file: string, label = ""): number | null {
  try {
    const match = new RegExp(`^${label}\\s*(\\d+)`, "m").exec(readFileSync(file, "utf8"));
    return match?.[1] === undefined ? null : Number(match[1]);
  } catch {
    return null; // not Linux
  }
}

// Fewer where `ulimit -n` cannot hold that many sockets (the test title then says how many).
const limit = readNumber("/proc/self/limits", "Max open files");
const N = limit === null ? WANTED : Math.max(100, Math.min(WANTED, limit - FD_RESERVE));
// Long enough that the last requests arrive before the first are answered, even on a busy machine.
const LATENCY_MS = N <= ACCEPT_QUEUE ? 3_000 : 5_000;

/**
 * How many requests the server held at once, at least: it answers each `latencyMs` after reading
 * it, so request i was held during [end_i - latencyMs, end_i]; the most of those intervals that
 * overlap. (A lower bound: an answer that left late was held longer than that.)
 */
function peakInFlight(endTimes: number[], latencyMs: number): number {
  const ends = [...endTimes].sort((a, b) => a - b);
  let peak = 0;
  for (let last = 0, first = 0; last < ends.length; last++) {
    while ((ends[last] ?? 0) - (ends[first] ?? 0) >= latencyMs) first++;
    peak = Math.max(peak, last - first + 1);
  }
  return peak;
}

let erp: ChildProcess;
let base: string;
let agent: Agent;

/** Starts `main.ts` on 127.0.0.1, port 0, and resolves with its URL from the start-up line. */
async function startErpProcess(): Promise<{ child: ChildProcess; url: string }> {
  const child = spawn(process.execPath, ["--import", "tsx", "mock-services/erp/main.ts"], {
    cwd: REPO_ROOT,
    env: {
      ...process.env,
      ERP_PORT: "0",
      ERP_HOST: "127.0.0.1",
      ERP_API_KEY: API_KEY,
      ERP_DEFAULT_LATENCY_MS: String(LATENCY_MS),
      ERP_LOG: "0",
    },
    stdio: ["ignore", "pipe", "pipe"],
  });
  let output = "";
  child.stderr?.on("data", (chunk: Buffer) => (output += chunk.toString()));
  const url = await new Promise<string>((resolve, reject) => {
    const timer = setTimeout(
      () => reject(new Error(`The mock ERP did not start in 15 s.\n${output}`)),
      15_000,
    );
    child.stdout?.on("data", (chunk: Buffer) => {
      output += chunk.toString();
      const match = /Mock ERP listening on (\S+)/.exec(output);
      if (match?.[1]) {
        clearTimeout(timer);
        resolve(match[1]);
      }
    });
    child.once("exit", (code) => {
      clearTimeout(timer);
      reject(new Error(`The mock ERP exited with ${code} before listening.\n${output}`));
    });
  });
  return { child, url };
}

beforeAll(async () => {
  ({ child: erp, url: base } = await startErpProcess());
  // One socket per request, as many callouts in flight from the desk would hold.
  agent = new Agent({ connections: N, pipelining: 1, connect: { timeout: 20_000 } });
}, 20_000);

afterAll(async () => {
  // The ERP first: it closes every socket, so the TIME_WAIT ports are its own, not ours.
  if (erp && erp.exitCode === null) {
    const exited = once(erp, "exit");
    erp.kill("SIGTERM");
    await exited;
  }
  await agent?.destroy();
});

it(
  `holds ${N.toLocaleString("en")} concurrent requests, each waiting out a ${LATENCY_MS} ms latency`,
  async () => {
    const started = performance.now();
    const results = await Promise.all(
      Array.from({ length: N }, async () => {
        const sent = performance.now();
        let status: number | string;
        try {
          const response = await request(`${base}/products/WD-DRILL-18V`, {
            dispatcher: agent,
            headers: { "x-api-key": API_KEY },
          });
          await response.body.dump();
          status = response.statusCode;
        } catch (error) {
          // Counted by code (ECONNRESET, UND_ERR_CONNECT_TIMEOUT, ...) so a failure says what broke.
          status = (error as { code?: string }).code ?? String(error);
        }
        const endedAt = performance.now();
        return { status, ms: endedAt - sent, endedAt };
      }),
    );
    const elapsedMs = performance.now() - started;
    const peakHeld = peakInFlight(
      results.map((r) => r.endedAt),
      LATENCY_MS,
    );
    const durations = results.map((r) => r.ms);
    console.log(
      `mock ERP: ${N} concurrent requests, latency ${LATENCY_MS} ms: all answered in ${Math.round(elapsedMs)} ms ` +
        `(each took ${Math.round(Math.min(...durations))} to ${Math.round(Math.max(...durations))} ms; ` +
        `at least ${peakHeld} held at once)`,
    );

    const statuses = new Map<number | string, number>();
    for (const { status } of results) statuses.set(status, (statuses.get(status) ?? 0) + 1);
    expect(Object.fromEntries(statuses)).toEqual({ 200: N });
    // Every request waited its latency (timers do not fire early).
    expect(Math.min(...results.map((r) => r.ms))).toBeGreaterThanOrEqual(LATENCY_MS - 5);
    // How many were held at once is logged, not asserted: it depends on how busy the machine is (all N
    // on a quiet one; 1,816 of 3,000 the fewest measured at load 9 on 2 cores). A server that capped
    // or serialized its connections fails above instead: refused sockets, or far past the timeout.

    const stats = (await (await fetch(`${base}/__admin/stats`)).json()) as StatsSnapshot;
    expect(stats.requests["GET /products/:sku"]).toBe(N);
  },
  N <= ACCEPT_QUEUE ? 30_000 : 60_000,
);
