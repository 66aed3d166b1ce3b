import { describe, expect, it } from "vitest";
import type { BreakerView } from "./egress/breaker";
import { stuckReason } from "./engine/inspect";
import { freshContinuation } from "./store/fresh";

const NOW = new Date("2026-12-05T09:00:00.000Z");
const at = (ms: number) => new Date(NOW.getTime() + ms);

/** A pending one-callout continuation on `url`, with its lease and deadline relative to now. */
function pending(url: string, leaseMs: number, deadlineMs: number) {
  return freshContinuation({
    id: "c-1",
    ownerId: "agent",
    subject: null,
    createdAt: at(-10_000),
    lease: { owner: "instance-a", until: at(leaseMs) },
    events: [],
    step: {
      callbackName: "x",
      state: "{}",
      timeoutSeconds: 60,
      deadlineAt: at(deadlineMs),
      callouts: [
        {
          id: "k-1",
          label: "only",
          method: "GET",
          url,
          headers: {},
          body: null,
          idempotencyKey: "c-1.0.only",
          retryOn: [],
          retry: null,
          requestBytes: 0,
        },
      ],
    },
  });
}

const breaker = (credential: string, state: BreakerView["state"]): BreakerView => ({
  credential,
  state,
  consecutiveFailures: 0,
  threshold: 5,
  openedAt: null,
  probeAt: null,
});

describe("why a continuation is stuck", () => {
  it("is nothing while it is held, within its deadline and its credential's breaker is closed", () => {
    expect(stuckReason(pending("callout:ERP/x", 5_000, 5_000), NOW, [breaker("ERP", "closed")])).toBeNull();
  });

  it("names an expired lease first, then a passed deadline, then an open breaker on what it waits for", () => {
    expect(stuckReason(pending("callout:ERP/x", -1, -1), NOW, [])).toBe("lease-expired");
    expect(stuckReason(pending("callout:ERP/x", 5_000, -1), NOW, [])).toBe("past-deadline");
    expect(stuckReason(pending("callout:ERP/x", 5_000, 5_000), NOW, [breaker("ERP", "open")])).toBe(
      "breaker-open",
    );
    expect(stuckReason(pending("callout:ERP/x", 5_000, 5_000), NOW, [breaker("ERP", "half-open")])).toBe(
      "breaker-open",
    );
    expect(stuckReason(pending("callout:OTHER/x", 5_000, 5_000), NOW, [breaker("ERP", "open")])).toBeNull();
  });

  it("is never said of a continuation that has ended", () => {
    const done = { ...pending("callout:ERP/x", -1, -1), status: "completed" as const };
    expect(stuckReason(done, NOW, [breaker("ERP", "open")])).toBeNull();
  });
});
