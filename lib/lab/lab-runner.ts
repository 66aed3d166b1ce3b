import "server-only";
import { randomBytes, randomUUID } from "node:crypto";
import bcrypt from "bcryptjs";
import { ContinuationError } from "@/lib/continuation";
import { createSessionCookie } from "@/lib/auth/session";
import { getDb } from "@/lib/db";
import { getEnv } from "@/lib/env";
import { getOrgLimiter, getRuntime, logger } from "@/lib/runtime";
import {
  LAB_PRODUCTS,
  LAB_WARRANTY_ROUTE,
  type LabRunInput,
  type LabRunView,
  type LabTimelinePoint,
} from "./lab-types";
import { generateLoad, type ClickRecord } from "./load-generator";
import { histogram, latencySummary } from "./stats";

/** The simulated agents' pause between an answer and their next click. */
export const LAB_THINK_MS = 1_000;

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

const g = globalThis as unknown as { __warrantyDeskLabRun?: RunState };

/** This server's latest lab run (running or finished), or null. */
export function currentLabRun(): LabRunView | null {
  const run = g.__warrantyDeskLabRun;
  return run ? viewOf(run) : null;
}

/**
 * Starts a lab run on this server and returns at once: `agents` simulated agents click Get warranty
 * in `mode` against this app's own HTTP endpoints for `durationSeconds`, while the mock ERP answers
 * the warranty lookups after `erpLatencyMs`. They act as the `lab` agent, never as a real one.
 * One run at a time per server.
 */
export async function startLabRun(input: LabRunInput): Promise<{ id: string }> {
  if (g.__warrantyDeskLabRun?.status === "running") throw new LabRunInProgressError();
  const run: RunState = {
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
  g.__warrantyDeskLabRun = run;
  void execute(run).catch((error: unknown) => {
    run.status = "failed";
    run.error = error instanceof Error ? error.message : String(error);
    run.finishedAt = new Date();
    logger.error("lab.run_failed", { id: run.id, error: run.error });
  });
  return { id: run.id };
}

async function execute(run: RunState): Promise<void> {
  const env = getEnv();
  const { input } = run;
  const session = await createSessionCookie((await labAgent()).id);
  let faultId: string | null = null;
  const ticker = setInterval(() => sample(run), 1_000);
  logger.info("lab.run_started", { id: run.id, ...input });
  try {
    faultId = await setErpLatency(env.ERP_URL, input.erpLatencyMs);
    await generateLoad({
      baseUrl: `http://${env.HOST === "0.0.0.0" ? "127.0.0.1" : env.HOST}:${env.PORT}`,
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
    sample(run);
    run.finishedAt = new Date();
    await Promise.allSettled([session.end(), clearErpLatency(env.ERP_URL, faultId)]);
    const view = viewOf(run);
    logger.info("lab.run_finished", {
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
function sample(run: RunState): void {
  const point = pointAt(run, Math.floor((Date.now() - run.startedAt.getTime()) / 1_000));
  point.inFlightSync = getOrgLimiter().stats().running;
  point.suspended = getRuntime().stats().suspended;
}

function viewOf(run: RunState): LabRunView {
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
    breakers: getRuntime().breakers(),
  };
}

/** The `lab` agent the simulated agents act as; nobody can sign in as it (random password). */
async function labAgent() {
  const db = getDb();
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
