/**
 * The runtime alone, in-process: the peer comparison's workload (W1: one step; W3: three chained
 * steps) on the project's real stores, with every SQL statement counted at the driver. Shared by
 * `npm run bench -- --only runtime` (bench/runtime/run.ts) and the bench-peers adapter
 * (bench/peers/warranty-desk.ts), so both measure the same thing.
 */
import fs from "node:fs";
import os from "node:os";
import path from "node:path";
import Database from "better-sqlite3";
import pg from "pg";
import { z } from "zod";
import {
  continuation,
  ContinuationFailure,
  createPostgresStore,
  createRuntime,
  createSqliteStore,
  defineCallback,
  type CalloutResponse,
  type ContinuationStore,
  type DomainTransaction,
  type JsonValue,
  type Runtime,
} from "@/lib/continuation";

export type Backend = "sqlite" | "postgres";
export type Workload = "W1" | "W3";

const ROOT = path.resolve(import.meta.dirname, "..", "..");

/** Statements sent to the database, counted at the driver (BEGIN and COMMIT included). */
export const counts = { statements: 0, reads: 0, writes: 0, transactions: 0 };
function classify(sql: string): void {
  counts.statements++;
  const word = /^\s*(\w+)/.exec(sql)?.[1]?.toUpperCase() ?? "";
  if (word === "SELECT") counts.reads++;
  else if (word === "INSERT" || word === "UPDATE" || word === "DELETE" || word === "WITH") counts.writes++;
  else if (word === "BEGIN" || word === "START") counts.transactions++;
}

const counting = { sqlite: false, postgres: false };
function countStatements(database: Database.Database): void {
  if (counting.sqlite) return;
  counting.sqlite = true;
  const proto = Object.getPrototypeOf(database.prepare("SELECT 1")) as Record<string, unknown>;
  for (const method of ["run", "get", "all", "iterate"]) {
    const original = proto[method] as (...args: unknown[]) => unknown;
    proto[method] = function (this: { source: string }, ...args: unknown[]) {
      classify(this.source);
      return original.apply(this, args);
    };
  }
}
function countPgQueries(): void {
  if (counting.postgres) return;
  counting.postgres = true;
  const original = pg.Client.prototype.query as (...args: unknown[]) => unknown;
  pg.Client.prototype.query = function (this: pg.Client, config: unknown, ...rest: unknown[]) {
    const text = typeof config === "string" ? config : (config as { text?: string } | null)?.text;
    if (typeof text === "string") classify(text);
    return original.call(this, config, ...rest);
  } as typeof pg.Client.prototype.query;
}

function migrations(provider: Backend): string[] {
  const dir = path.join(ROOT, "prisma", provider, "migrations");
  return fs
    .readdirSync(dir)
    .filter((d) => /^\d+_/.test(d))
    .sort()
    .map((d) => fs.readFileSync(path.join(dir, d, "migration.sql"), "utf8"));
}

/** A fresh store on an empty database with the committed migrations (as the app opens it). */
export async function openFreshStore(
  backend: Backend,
  options: { pgUrl?: string; tmp?: string } = {},
): Promise<{
  store: ContinuationStore<undefined>;
  countCompleted(): Promise<number>;
  cleanup(): Promise<void>;
}> {
  if (backend === "postgres") {
    countPgQueries();
    const admin = new pg.Client({ connectionString: options.pgUrl });
    await admin.connect();
    const name = `wd_${process.pid}_${Date.now()}`;
    await admin.query(`CREATE DATABASE "${name}"`);
    const url = new URL(options.pgUrl!);
    url.pathname = `/${name}`;
    // Sized to the machine: measured on 2 cores, 3 connections a core beat 10 or 20 (fewer backends
    // contending for the CPU the runtime also needs); BENCH_PG_POOL overrides it.
    const pool = new pg.Pool({
      connectionString: url.toString(),
      max: Number(process.env.BENCH_PG_POOL ?? 3 * os.availableParallelism()),
    });
    pool.on("error", () => {});
    for (const sql of migrations("postgres")) await pool.query(sql);
    const store = createPostgresStore({ pool });
    return {
      store,
      countCompleted: async () =>
        Number(
          (await pool.query(`SELECT count(*) AS n FROM "Continuation" WHERE status = 'completed'`)).rows[0].n,
        ),
      async cleanup() {
        await store.close();
        await pool.end();
        await admin.query(`DROP DATABASE IF EXISTS "${name}" WITH (FORCE)`);
        await admin.end();
      },
    };
  }
  const dir = fs.mkdtempSync(path.join(options.tmp ?? os.tmpdir(), "wd-sqlite-"));
  const database = new Database(path.join(dir, "bench.db"));
  for (const sql of migrations("sqlite")) database.exec(sql);
  // As lib/server/database.ts opens it.
  database.pragma("journal_mode = WAL");
  database.pragma("synchronous = NORMAL");
  database.pragma("foreign_keys = ON");
  countStatements(database);
  const store = createSqliteStore({ database });
  return {
    store,
    countCompleted: async () =>
      (
        database.prepare(`SELECT count(*) AS n FROM "Continuation" WHERE status = 'completed'`).get() as {
          n: number;
        }
      ).n,
    async cleanup() {
      await store.close();
      database.close();
      fs.rmSync(dir, { recursive: true, force: true });
    },
  };
}

const request = (serial: string, run: string, step: number) => ({
  method: "GET" as const,
  url: `callout:ERP/warranty/${encodeURIComponent(serial)}?run=${run}&step=${step}`,
});
const State = z.object({ run: z.string(), serial: z.string() });
const AnswerSchema = z.object({ serial: z.string(), status: z.string(), next: z.string() }).loose();
function read(response: CalloutResponse) {
  if (!response.ok) throw new ContinuationFailure("ERP_ERROR", `ERP answered ${response.statusCode}`);
  return AnswerSchema.parse(JSON.parse(response.body ?? ""));
}

const w1Received = defineCallback({
  name: "bench.w1-received",
  labels: ["erp"],
  state: State,
  run: async ({ responses }) => read(responses.erp) as JsonValue,
});
const w3Status = defineCallback({
  name: "bench.w3-status",
  labels: ["status"],
  state: State,
  run: async ({ responses }) => read(responses.status) as JsonValue,
});
const w3Created = defineCallback({
  name: "bench.w3-created",
  labels: ["create"],
  state: State,
  async run({ state, responses }) {
    const { next } = read(responses.create);
    return continuation({
      callback: w3Status,
      state: { run: state.run, serial: next },
      requests: { status: request(next, state.run, 3) },
    });
  },
});
const w3Auth = defineCallback({
  name: "bench.w3-auth",
  labels: ["auth"],
  state: State,
  async run({ state, responses }) {
    const { next } = read(responses.auth);
    return continuation({
      callback: w3Created,
      state: { run: state.run, serial: next },
      requests: { create: request(next, state.run, 2) },
    });
  },
});

const OWNER = "bench";

/**
 * The runtime on `store`, one credential for the ERP, its background work running. `start`
 * resolves once the run is persisted, to `done`, which settles with the chain's result when it
 * has committed (learned from the runtime's change feed: no extra read).
 */
export async function startBenchRuntime(store: ContinuationStore<undefined>, erpUrl: string) {
  const runtime: Runtime = createRuntime({
    // The bench's callbacks write no domain data: their stores host no domain transaction.
    store: store as unknown as ContinuationStore<DomainTransaction>,
    callbacks: [w1Received, w3Auth, w3Created, w3Status],
    credentials: [{ name: "ERP", baseUrl: erpUrl, allowPrivateNetwork: true, headers: () => ({}) }],
    instanceId: "bench",
  });
  await runtime.run();
  const waiters = new Map<string, { resolve: (v: unknown) => void; reject: (e: Error) => void }>();
  const early = new Map<string, { result?: unknown; error?: string }>();
  const settle = (id: string, outcome: { result?: unknown; error?: string }) => {
    const waiter = waiters.get(id);
    if (!waiter) return void early.set(id, outcome);
    waiters.delete(id);
    if (outcome.error) waiter.reject(new Error(outcome.error));
    else waiter.resolve(outcome.result);
  };
  runtime.subscribe((change) => {
    if (change.status === "pending" || !change.view) return;
    if (change.status === "completed") settle(change.id, { result: change.view.result });
    else settle(change.id, { error: change.view.error?.message ?? change.status });
  });
  return {
    runtime,
    async start(workload: Workload, key: string, serial: string) {
      const c =
        workload === "W1"
          ? continuation({
              callback: w1Received,
              state: { run: key, serial },
              requests: { erp: request(serial, key, 1) },
            })
          : continuation({
              callback: w3Auth,
              state: { run: key, serial },
              requests: { auth: request(serial, key, 1) },
            });
      const { id } = await runtime.start(c, { ownerId: OWNER });
      const done = new Promise((resolve, reject) => {
        waiters.set(id, { resolve, reject });
        const already = early.get(id);
        if (already) {
          early.delete(id);
          settle(id, already);
        }
      });
      return { done };
    },
  };
}
