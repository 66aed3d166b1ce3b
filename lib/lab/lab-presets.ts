import type { LabRunInput } from "./lab-types";

/** The server's limits that decide when the modes differ (lib/env.ts). */
export interface LabLimits {
  /** SYNC_MAX_LONG_RUNNING: long-running synchronous requests at once before refusals. */
  maxLongRunning: number;
  /** SYNC_LONG_RUNNING_MS: a synchronous request counts as long-running after this. */
  longRunningAfterMs: number;
  /** FAIL_FAST_TIMEOUT_MS: how long fail fast waits for the ERP. */
  failFastTimeoutMs: number;
  /** A continuation's deadline (CONTINUATION_LIMITS.defaultTimeoutSeconds): the ERP must answer within it. */
  continuationTimeoutMs: number;
}

/** A ready-made run (all but the mode), and what to look at once it has run in each mode. */
export interface LabPreset {
  name: string;
  settings: Omit<LabRunInput, "mode">;
  lookFor: string;
}

const seconds = (ms: number) => `${Number((ms / 1_000).toFixed(1))} s`;

/**
 * Presets that show the difference between the modes under this server's limits: the modes only
 * differ once the ERP takes longer than the org limit's long-running threshold and fail fast's
 * timeout, with more agents than the limit lets run at once, and within a continuation's deadline.
 */
export function labPresets(limits: LabLimits): LabPreset[] {
  const threshold = Math.max(limits.longRunningAfterMs, limits.failFastTimeoutMs);
  const slow = Math.ceil((threshold + 1_000) / 1_000) * 1_000;
  // Leaves the continuation 2 s of its deadline for the rest of the round trip.
  const verySlow = Math.min(Math.max(slow * 2, 10_000), limits.continuationTimeoutMs - 2_000);
  const healthy = Math.min(
    2_000,
    Math.floor(Math.min(limits.longRunningAfterMs, limits.failFastTimeoutMs) / 2),
  );
  const crowd = limits.maxLongRunning * 5;
  const presets: LabPreset[] = [
    {
      name: "Slow ERP",
      settings: { agents: crowd, erpLatencyMs: slow, durationSeconds: 30 },
      lookFor: `The ERP takes ${seconds(slow)}, longer than ${seconds(limits.longRunningAfterMs)}: synchronous is refused once ${limits.maxLongRunning} requests wait, fail fast gives up after ${seconds(limits.failFastTimeoutMs)}, continuations answer every agent.`,
    },
  ];
  if (verySlow > slow) {
    presets.push({
      name: "Very slow ERP",
      settings: { agents: limits.maxLongRunning * 3, erpLatencyMs: verySlow, durationSeconds: 45 },
      lookFor: `At ${seconds(verySlow)} a synchronous request holds its place for the whole wait, so almost every other click is refused; continuations still answer everyone, just later.`,
    });
  }
  presets.push({
    name: "Healthy ERP",
    settings: { agents: 20, erpLatencyMs: healthy, durationSeconds: 30 },
    lookFor: `At ${seconds(healthy)} nothing reaches the limits, so the three modes look alike: the difference only shows when the ERP is slow.`,
  });
  return presets;
}
