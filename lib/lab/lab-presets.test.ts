import { describe, expect, it } from "vitest";
import { labPresets } from "./lab-presets";

const DEFAULTS = {
  maxLongRunning: 10,
  longRunningAfterMs: 5_000,
  failFastTimeoutMs: 5_000,
  continuationTimeoutMs: 30_000,
};

describe("labPresets", () => {
  it("under the default limits: 50 agents at 6 s, 30 at 12 s, and a healthy 20 at 2 s", () => {
    expect(labPresets(DEFAULTS).map(({ name, settings }) => ({ name, ...settings }))).toEqual([
      { name: "Slow ERP", agents: 50, erpLatencyMs: 6_000, durationSeconds: 30 },
      { name: "Very slow ERP", agents: 30, erpLatencyMs: 12_000, durationSeconds: 45 },
      { name: "Healthy ERP", agents: 20, erpLatencyMs: 2_000, durationSeconds: 30 },
    ]);
  });

  it("puts the slow ERP past both thresholds and the healthy one under them", () => {
    const limits = { ...DEFAULTS, longRunningAfterMs: 1_000, failFastTimeoutMs: 3_000, maxLongRunning: 2 };
    const [slow, , healthy] = labPresets(limits);
    expect(slow?.settings).toEqual({ agents: 10, erpLatencyMs: 4_000, durationSeconds: 30 });
    expect(healthy?.settings.erpLatencyMs).toBe(500);
    expect(slow?.lookFor).toContain("refused once 2 requests wait, fail fast gives up after 3 s");
  });

  it("keeps every ERP latency within a continuation's deadline, leaving out what does not fit", () => {
    const presets = labPresets({ ...DEFAULTS, continuationTimeoutMs: 8_000 });
    expect(presets.map((p) => [p.name, p.settings.erpLatencyMs])).toEqual([
      ["Slow ERP", 6_000],
      ["Healthy ERP", 2_000],
    ]);
  });
});
