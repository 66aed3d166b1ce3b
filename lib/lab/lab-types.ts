import { z } from "zod";
import { strictInput, wholeNumber } from "@/lib/input";
import type { BreakerView } from "@/lib/continuation/egress/breaker";

/** How Get warranty waits for the ERP: the three ways the lab compares. */
export const LAB_MODES = ["synchronous", "fail-fast", "continuation"] as const;
export type LabMode = (typeof LAB_MODES)[number];

export const LAB_MODE_LABELS: Record<LabMode, string> = {
  synchronous: "Synchronous",
  "fail-fast": "Fail fast",
  continuation: "Continuation",
};

/** Products whose warranty is active, so every lookup is one step (one ERP call). */
export const LAB_PRODUCTS: readonly string[] = [
  "wd-drill-18v",
  "wd-grind-125",
  "wd-mix-pro",
  "wd-weld-200",
  "wd-gen-3kw",
  "wd-laser-lv",
];

/** The mock ERP's route key for the warranty lookup, whose latency a run sets. */
export const LAB_WARRANTY_ROUTE = "GET /warranty/:serial";

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

/** One second of a run. */
export interface LabTimelinePoint {
  /** Seconds since the run started (0, 1, 2, …). */
  second: number;
  succeeded: number;
  refused: number;
  failed: number;
  /** Synchronous requests holding a server request open at the end of that second. */
  inFlightSync: number;
  /** Continuations suspended (persisted, waiting for the ERP) at the end of that second. */
  suspended: number;
}

/** A lab run as the page shows it (`GET /api/lab/runs/current`). */
export interface LabRunView {
  id: string;
  input: LabRunInput;
  status: "running" | "finished" | "failed";
  /** Why the run itself failed (not a click's failure), when status is "failed". */
  error: string | null;
  startedAt: string;
  finishedAt: string | null;
  elapsedMs: number;
  /** 0..1: share of the run's duration gone, 1 once every click has an answer. */
  progress: number;
  totals: { clicks: number; succeeded: number; refused: number; failed: number; inFlight: number };
  /** Click-to-result of the clicks that succeeded, in ms; null before the first one. */
  latency: { p50: number; p95: number; p99: number; max: number } | null;
  /** Click-to-result of succeeded clicks, in buckets. */
  histogram: { fromMs: number; toMs: number; count: number }[];
  timeline: LabTimelinePoint[];
  /** The distinct messages agents saw for refused and failed clicks, most frequent first. */
  messages: { outcome: "refused" | "failed"; message: string; count: number }[];
  breakers: BreakerView[];
}
