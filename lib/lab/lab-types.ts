import { z } from "zod";
import { strictInput, wholeNumber } from "@/lib/input";
import type { BreakerView } from "@/lib/continuation";

/** How Get warranty waits for the ERP: the three ways the lab compares. */
export const LAB_MODES = ["synchronous", "fail-fast", "continuation"] as const;
export type LabMode = (typeof LAB_MODES)[number];

export const LAB_MODE_LABELS: Record<LabMode, string> = {
  synchronous: "Synchronous",
  "fail-fast": "Fail fast",
  continuation: "Continuation",
};

/** Products whose warranty is active, so every lookup is one step (one ERP call). */
export const LAB_PRODUCTS = [
  "wd-drill-18v",
  "wd-grind-125",
  "wd-mix-pro",
  "wd-weld-200",
  "wd-gen-3kw",
  "wd-laser-lv",
] as const;

/**
 * The mock ERP's route key for the lab's warranty lookups (its `/lab` copy of the route), whose
 * latency a run sets: the desk's own `GET /warranty/:serial` is never slowed.
 */
export const LAB_WARRANTY_ROUTE = "GET /lab/warranty/:serial";

/** What one lab run is asked to do. */
export const LabRunInputSchema = strictInput({
  mode: z.enum(LAB_MODES, { error: "must be synchronous, fail-fast or continuation" }),
  agents: wholeNumber({ min: 1, max: 1_000 }),
  erpLatencyMs: wholeNumber({ min: 0, max: 60_000, unit: "ms" }),
  durationSeconds: wholeNumber({ min: 5, max: 300, unit: "s" }).default(30),
});
export type LabRunInput = z.infer<typeof LabRunInputSchema>;

/** What became of one click. */
export type ClickOutcome = "succeeded" | "refused" | "failed";

/** A circuit breaker as the desk and the lab show it (defined by the runtime). */
export type { BreakerView };

const Count = z.number().int().min(0);
const IsoTime = z.iso.datetime();

/** A circuit breaker as stored with a run (re-validated on read). */
const BreakerViewSchema = z.object({
  credential: z.string(),
  state: z.enum(["closed", "open", "half-open"]),
  consecutiveFailures: Count,
  threshold: Count,
  openedAt: IsoTime.nullable(),
  probeAt: IsoTime.nullable(),
}) satisfies z.ZodType<BreakerView>;

/** One second of a run. */
const LabTimelinePointSchema = z.object({
  /** Seconds since the run started (0, 1, 2, …). */
  second: Count,
  succeeded: Count,
  refused: Count,
  failed: Count,
  /** Synchronous requests holding a server request open at the end of that second. */
  inFlightSync: Count,
  /** Continuations suspended (persisted, waiting for the ERP) at the end of that second. */
  suspended: Count,
});
export type LabTimelinePoint = z.infer<typeof LabTimelinePointSchema>;

const Latency = z.object({ p50: z.number(), p95: z.number(), p99: z.number(), max: z.number() });

/** A lab run as the page shows it (`GET /api/lab/runs/current`), and as the LabRun table keeps it. */
export const LabRunViewSchema = z.object({
  id: z.string(),
  input: z.object({
    mode: z.enum(LAB_MODES),
    agents: Count,
    erpLatencyMs: Count,
    durationSeconds: Count,
  }),
  status: z.enum(["running", "finished", "failed"]),
  /** Why the run itself failed (not a click's failure), when status is "failed". */
  error: z.string().nullable(),
  startedAt: IsoTime,
  finishedAt: IsoTime.nullable(),
  elapsedMs: z.number().min(0),
  /** 0..1: share of the run's duration gone, 1 once every click has an answer. */
  progress: z.number().min(0).max(1),
  totals: z.object({ clicks: Count, succeeded: Count, refused: Count, failed: Count, inFlight: Count }),
  /** Click-to-result of the clicks that succeeded, in ms; null before the first one. */
  latency: Latency.nullable(),
  /** Click-to-result of succeeded clicks, in buckets. */
  histogram: z.array(z.object({ fromMs: z.number(), toMs: z.number(), count: Count })),
  timeline: z.array(LabTimelinePointSchema),
  /** The distinct messages agents saw for refused and failed clicks, most frequent first. */
  messages: z.array(z.object({ outcome: z.enum(["refused", "failed"]), message: z.string(), count: Count })),
  breakers: z.array(BreakerViewSchema),
});
export type LabRunView = z.infer<typeof LabRunViewSchema>;

/** The last finished run of each mode, for comparing them side by side (`GET /api/lab/runs`). */
export type LabComparison = Record<LabMode, LabRunView | null>;
