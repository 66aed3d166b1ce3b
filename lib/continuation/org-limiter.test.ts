import { describe, expect, it } from "vitest";
import { ContinuationError } from "./errors";
import { ConcurrentRequestsLimitError, createOrgLimiter } from "./actions/org-limiter";

const LONG_MS = 5_000;

/** A limiter of 2 long-running requests (longer than 5 s) on a clock the test moves. */
function limiterAt(start = 0) {
  const clock = { now: start };
  const limiter = createOrgLimiter({ maxLongRunning: 2, longRunningAfterMs: LONG_MS }, () => clock.now);
  return { limiter, clock };
}

type Limiter = ReturnType<typeof limiterAt>["limiter"];

/** Runs a request under the limiter that goes on until the test ends it. */
function hold(limiter: Limiter, value = "done") {
  let end: () => void = () => {};
  const result = limiter.run(() => new Promise<string>((resolve) => (end = () => resolve(value))));
  return { result, end: () => end() };
}

/** Runs a request that counts whether it was called. */
async function quick(limiter: Limiter) {
  let called = false;
  const result = await limiter.run(async () => {
    called = true;
    return "quick";
  });
  return { result, called };
}

describe("the org limiter", () => {
  it("admits requests while fewer than maxLongRunning have run longer than longRunningAfterMs", async () => {
    const { limiter, clock } = limiterAt();
    hold(limiter);
    clock.now = 3_000;
    hold(limiter);
    clock.now = LONG_MS + 1; // only the first has run longer than 5 s
    expect(limiter.stats()).toEqual({ running: 2, longRunning: 1, refused: 0 });
    expect(await quick(limiter)).toEqual({ result: "quick", called: true });
  });

  it("counts a request as long-running only once it has run longer than longRunningAfterMs", async () => {
    const { limiter, clock } = limiterAt();
    hold(limiter);
    hold(limiter);
    clock.now = LONG_MS;
    expect(limiter.stats().longRunning).toBe(0);
    expect((await quick(limiter)).called).toBe(true);
  });

  it("refuses new requests at once, without calling them, while maxLongRunning are long-running", async () => {
    const { limiter, clock } = limiterAt();
    hold(limiter);
    hold(limiter);
    clock.now = LONG_MS + 1;
    let called = false;
    const refusal = await limiter
      .run(async () => {
        called = true;
      })
      .catch((error: unknown) => error);
    expect(called).toBe(false);
    expect(refusal).toBeInstanceOf(ConcurrentRequestsLimitError);
    expect(refusal).toBeInstanceOf(ContinuationError);
    expect(refusal).toMatchObject({
      name: "ConcurrentRequestsLimitError",
      code: "CONCURRENT_REQUESTS_LIMIT",
      message: "Unable to process request. Concurrent requests limit exceeded.",
    });
    await expect(quick(limiter)).rejects.toBeInstanceOf(ConcurrentRequestsLimitError);
    expect(limiter.stats()).toEqual({ running: 2, longRunning: 2, refused: 2 });
  });

  it("never stops the running requests, and admits new ones again once they end", async () => {
    const { limiter, clock } = limiterAt();
    const first = hold(limiter, "first");
    const second = hold(limiter, "second");
    clock.now = LONG_MS + 1;
    await expect(quick(limiter)).rejects.toBeInstanceOf(ConcurrentRequestsLimitError);
    clock.now = 60_000;
    first.end();
    second.end();
    expect(await first.result).toBe("first");
    expect(await second.result).toBe("second");
    expect(limiter.stats()).toEqual({ running: 0, longRunning: 0, refused: 1 });
    expect((await quick(limiter)).called).toBe(true);
  });

  it("removes a request that throws from the running ones", async () => {
    const { limiter, clock } = limiterAt();
    const boom = new Error("boom");
    const failing = limiter.run(async () => {
      clock.now = LONG_MS + 1;
      throw boom;
    });
    hold(limiter);
    await expect(failing).rejects.toBe(boom);
    expect(limiter.stats()).toEqual({ running: 1, longRunning: 0, refused: 0 });
  });

  it("admits again once one of the long-running requests has thrown", async () => {
    const { limiter, clock } = limiterAt();
    let fail: (error: Error) => void = () => {};
    const failing = limiter.run(() => new Promise((_, reject) => (fail = reject)));
    hold(limiter);
    clock.now = LONG_MS + 1;
    await expect(quick(limiter)).rejects.toBeInstanceOf(ConcurrentRequestsLimitError);
    fail(new Error("ERP down"));
    await expect(failing).rejects.toThrow("ERP down");
    expect(limiter.stats()).toMatchObject({ running: 1, longRunning: 1 });
    expect((await quick(limiter)).called).toBe(true);
  });
});
