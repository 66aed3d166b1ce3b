import { describe, expect, it } from "vitest";
import { labVerdict } from "./lab-verdict";
import type { LabMode } from "./lab-types";

const run = (mode: LabMode, succeeded: number, refused: number, failed: number) => ({
  input: { mode, agents: 50, erpLatencyMs: 6_000, durationSeconds: 30 },
  totals: { clicks: succeeded + refused + failed, succeeded, refused, failed, inFlight: 0 },
});

describe("labVerdict", () => {
  it("says every agent got an answer when every click succeeded", () => {
    expect(labVerdict(run("continuation", 62, 0, 0))).toBe("Continuations: every agent got an answer.");
  });

  it("names the refused and failed shares, and what still got an answer", () => {
    expect(labVerdict(run("synchronous", 47, 53, 0))).toBe(
      "Synchronous: 53\u00a0% refused; 47\u00a0% got an answer.",
    );
    expect(labVerdict(run("synchronous", 40, 50, 10))).toBe(
      "Synchronous: 50\u00a0% refused, 10\u00a0% failed; 40\u00a0% got an answer.",
    );
  });

  it("says so when no agent got an answer", () => {
    expect(labVerdict(run("fail-fast", 0, 0, 180))).toBe(
      "Fail fast: no agent got an answer; 100\u00a0% failed.",
    );
  });

  it("never rounds a few refusals to 0 % or a near miss to 100 %", () => {
    expect(labVerdict(run("synchronous", 999, 1, 0))).toBe(
      "Synchronous: 1\u00a0% refused; 99\u00a0% got an answer.",
    );
  });

  it("says when no click was answered", () => {
    expect(labVerdict(run("fail-fast", 0, 0, 0))).toBe(
      "Fail fast: no click got an answer before the run ended.",
    );
  });
});
