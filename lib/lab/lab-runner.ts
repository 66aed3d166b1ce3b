import "server-only";
import { randomBytes, randomUUID } from "node:crypto";
import bcrypt from "bcryptjs";
import { ContinuationError, type Logger, type OrgLimiter, type Runtime } from "@/lib/continuation";
import type { Db } from "@/lib/db";
import { getEnv } from "@/lib/env";
import {
  LAB_PRODUCTS,
  LAB_WARRANTY_ROUTE,
  type LabComparison,
  type LabRunInput,
  type LabRunView,
  type LabTimelinePoint,
} from "./lab-types";
import type { LabRunStore } from "./lab-run-store";
import { generateLoad, type ClickRecord } from "./load-generator";
import { histogram, latencySummary } from "./stats";

/** The simulated agents' pause between an answer and their next click. */
export const LAB_THINK_MS = 1_000;

/** The lab's own twin of `POST /api/warranty-lookups` (its credential, breaker and org limit). */
export const LAB_LOOKUP_PATH = "/api/lab/warranty-lookups";

export class LabRunInProgressError extends ContinuationError {
  constructor() {
    super("RUN_IN_PROGRESS", "A lab run is already going; wait for it to finish.");
  }
}

interface RunState {
  id: string;
  input: LabRunInput;
  status: LabRunView["status"];
  error: string | null;
  startedAt: Date;
  finishedAt: Date | null;
  clicksStarted: number;
  clicks: ClickRecord[];
  timeline: LabTimelinePoint[];
}

/** What the lab needs from the app, handed in by the composition root. */
export interface LabDeps {
  /** Where the `lab` agent the simulated agents act as is kept. */
  db: Db;
  /** A session for the `lab` agent: the cookie its simulated agents send, and its end. */
  createSessionCookie: (agentId: string) => Promise<{ cookie: string; end: () => Promise<void> }>;
  /** Where the last finished run of each mode is kept. */
  runs: LabRunStore;
  /** Sampled for the timeline (suspended continuations) and the breakers in the view. */
  runtime: Pick<Runtime, "stats" | "breakers" | "resetBreaker">;
  /** The named credential the lab's lookups go through; its breaker is closed before each run. */
  credential: string;
  /** The lab's org limiter, sampled for the timeline (synchronous requests in flight). */
  limiter: Pick<OrgLimiter, "stats">;
  logger: Logger;
}

/** One server's lab: its latest run, and starting the next. */
export interface LabRunner {
  /** This server's latest lab run (running or finished), or null. */
  current(): LabRunView | null;
  /** The last finished run of each mode (kept in the database, so they survive a restart). */
  compare(): Promise<LabComparison>;
  /**
   * Starts a lab run on this server and returns at once: `agents` simulated agents click Get
   * warranty in `mode` against this app's own HTTP endpoint for the lab (`LAB_LOOKUP_PATH`) for
   * `durationSeconds`, while the mock ERP answers the lab's warranty lookups (its `/lab` routes)
   * after `erpLatencyMs`. They act as the `lab` agent, never as a real one, through the lab's own
   * named credential and breaker (closed again at the start of each run, so one run's outage does
   * not spill into the next): an agent's lookups are never slowed, paused or refused by a run.
   * One run at a time per server: `LabRunInProgressError` while one is going.
   */
  start(input: LabRunInput): Promise<{ id: string }>;
}

/** The lab of one server (the composition root keeps one per process). */
export function createLabRunner(deps: LabDeps): LabRunner {
  let latest: RunState | undefined;
  return {
    current: () => (latest ? viewOf(deps, latest) : null),
    compare: () => deps.runs.latest(),
    async start(input) {
      if (latest?.status === "running") throw new LabRunInProgressError();
      latest = newRun(input);
      startRun(deps, latest);
      return { id: latest.id };
    },
  };
}

function newRun(input: LabRunInput): RunState {
  return {
    id: randomUUID(),
    input,
    status: "running",
    error: null,
    startedAt: new Date(),
    finishedAt: null,
    clicksStarted: 0,
    clicks: [],
    timeline: [],
  };
}

function startRun(deps: LabDeps, run: RunState): void {
  void execute(deps, run).catch((error: unknown) => {
    run.status = "failed";
    run.error = error instanceof Error ? error.message : String(error);
    run.finishedAt = new Date();
    deps.logger.error("lab.run_failed", { id: run.id, error: run.error });
  });
}

async function execute(deps: LabDeps, run: RunState): Promise<void> {
  const env = getEnv();
  const { input } = run;
  const session = await deps.createSessionCookie((await labAgent(deps.db)).id);
  let faultId: string | null = null;
  const ticker = setInterval(() => sample(deps, run), 1_000);
  deps.logger.info("lab.run_started", { id: run.id, ...input });
  try {
    deps.runtime.resetBreaker(deps.credential);
    faultId = await setErpLatency(env.ERP_URL, input.erpLatencyMs);
    await generateLoad({
      baseUrl: `http://${env.HOST === "0.0.0.0" ? "127.0.0.1" : env.HOST}:${env.PORT}`,
      lookupPath: LAB_LOOKUP_PATH,
      cookie: session.cookie,
      operation: { kind: "warranty", mode: input.mode, productIds: LAB_PRODUCTS },
      agents: input.agents,
      durationMs: input.durationSeconds * 1_000,
      thinkMs: LAB_THINK_MS,
      // First clicks spread over one click cycle, so the agents do not move in lockstep.
      rampMs: Math.min(input.erpLatencyMs + LAB_THINK_MS, (input.durationSeconds * 1_000) / 2),
      onClickStarted: () => run.clicksStarted++,
      onClick: (click) => {
        run.clicks.push(click);
        const point = pointAt(run, Math.floor((click.startedAtMs + click.latencyMs) / 1_000));
        point[click.outcome]++;
      },
    });
    run.status = "finished";
  } finally {
    clearInterval(ticker);
    sample(deps, run);
    run.finishedAt = new Date();
    await Promise.allSettled([session.end(), clearErpLatency(env.ERP_URL, faultId)]);
    const view = viewOf(deps, run);
    if (run.status === "finished") {
      await deps.runs
        .save(view)
        .catch((error: unknown) =>
          deps.logger.error("lab.run_not_kept", { id: run.id, error: String(error) }),
        );
    }
    deps.logger.info("lab.run_finished", {
      id: run.id,
      status: run.status,
      ...view.totals,
      latency: view.latency,
    });
  }
}

/** The timeline point of a second, creating the seconds up to it. */
function pointAt(run: RunState, second: number): LabTimelinePoint {
  while (run.timeline.length <= second) {
    const previous = run.timeline[run.timeline.length - 1];
    run.timeline.push({
      second: run.timeline.length,
      succeeded: 0,
      refused: 0,
      failed: 0,
      inFlightSync: previous?.inFlightSync ?? 0,
      suspended: previous?.suspended ?? 0,
    });
  }
  return run.timeline[second]!;
}

/** Records the gauges at the current second. */
function sample(deps: LabDeps, run: RunState): void {
  const point = pointAt(run, Math.floor((Date.now() - run.startedAt.getTime()) / 1_000));
  point.inFlightSync = deps.limiter.stats().running;
  point.suspended = deps.runtime.stats().suspended;
}

function viewOf(deps: LabDeps, run: RunState): LabRunView {
  const end = run.finishedAt ?? new Date();
  const elapsedMs = end.getTime() - run.startedAt.getTime();
  const count = (outcome: ClickRecord["outcome"]) => run.clicks.filter((c) => c.outcome === outcome).length;
  const succeeded = run.clicks.filter((c) => c.outcome === "succeeded").map((c) => c.latencyMs);
  const messages = new Map<string, { outcome: "refused" | "failed"; message: string; count: number }>();
  for (const click of run.clicks) {
    if (click.outcome === "succeeded") continue;
    const message = click.message ?? "No message.";
    const key = `${click.outcome}:${message}`;
    const entry = messages.get(key) ?? { outcome: click.outcome, message, count: 0 };
    entry.count++;
    messages.set(key, entry);
  }
  return {
    id: run.id,
    input: run.input,
    status: run.status,
    error: run.error,
    startedAt: run.startedAt.toISOString(),
    finishedAt: run.finishedAt?.toISOString() ?? null,
    elapsedMs,
    progress: run.status === "running" ? Math.min(0.99, elapsedMs / (run.input.durationSeconds * 1_000)) : 1,
    totals: {
      clicks: run.clicksStarted,
      succeeded: succeeded.length,
      refused: count("refused"),
      failed: count("failed"),
      inFlight: run.clicksStarted - run.clicks.length,
    },
    latency: latencySummary(succeeded),
    histogram: histogram(succeeded),
    timeline: run.timeline,
    messages: [...messages.values()].sort((a, b) => b.count - a.count).slice(0, 10),
    breakers: deps.runtime.breakers(),
  };
}

/** The `lab` agent the simulated agents act as; nobody can sign in as it (random password). */
async function labAgent(db: Db) {
  const existing = await db.agent.findUnique({ where: { username: "lab" } });
  if (existing) return existing;
  const passwordHash = await bcrypt.hash(randomBytes(32).toString("base64url"), 10);
  return db.agent.upsert({
    where: { username: "lab" },
    create: { username: "lab", displayName: "Lab (simulated agents)", passwordHash },
    update: {},
  });
}

/** Sets the warranty lookup's latency on the mock ERP (its admin API); returns the fault's id. */
async function setErpLatency(erpUrl: string, latencyMs: number): Promise<string> {
  let response: Response;
  try {
    response = await fetch(new URL("/__admin/faults", erpUrl), {
      method: "POST",
      headers: { "content-type": "application/json" },
      body: JSON.stringify({ route: LAB_WARRANTY_ROUTE, mode: "latency", latencyMs }),
      signal: AbortSignal.timeout(5_000),
    });
  } catch {
    throw new Error(`The mock ERP at ${erpUrl} did not answer; the lab needs it to set the ERP latency.`);
  }
  if (response.status !== 201) {
    throw new Error(
      `The ERP at ${erpUrl} refused to set a latency (HTTP ${response.status}); the lab needs the mock ERP.`,
    );
  }
  return ((await response.json()) as { id: string }).id;
}

async function clearErpLatency(erpUrl: string, faultId: string | null): Promise<void> {
  if (faultId === null) return;
  await fetch(new URL(`/__admin/faults/${faultId}`, erpUrl), {
    method: "DELETE",
    signal: AbortSignal.timeout(5_000),
  });
}
