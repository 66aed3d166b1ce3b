import dns from "node:dns";
import http from "node:http";
import type { AddressInfo } from "node:net";
import type { Agent } from "undici";
import { afterAll, afterEach, beforeAll, describe, expect, it, vi } from "vitest";
import { createHttpAgent, sendHttp, type HttpOutcome } from "./http";
import { CalloutStatus } from "../status-codes";
import {
  DEFAULT_RETRY,
  nextRetryDelay,
  parseRetryAfter,
  RetryPolicySchema,
  sendWithRetry,
  sleep,
  type RetryPolicy,
} from "./retry";

const outcome = (statusCode: number, headers: Record<string, string> = {}): HttpOutcome => ({
  statusCode,
  headers,
  body: null,
  errorMessage: null,
  responseBytes: null,
});
const connectionFailed = () => outcome(CalloutStatus.CONNECTION_FAILED);
const ok = () => outcome(200);

const ALL_STATUSES: RetryPolicy = { ...DEFAULT_RETRY, retryOn: [429, 502, 503, 504] };
/** Deadline far enough away that it never decides, and a whole second as "now" (HTTP-dates have no ms). */
const FAR = { remainingMs: 3_600_000, nowMs: Date.UTC(2026, 0, 15, 12, 0, 0) };
const highest = () => 0.999_999;

describe("nextRetryDelay: backoff", () => {
  const policy: RetryPolicy = { ...DEFAULT_RETRY, attempts: 10, baseMs: 100, maxMs: 1_000 };

  it("doubles the backoff range per attempt up to maxMs", () => {
    const delays = [1, 2, 3, 4, 5, 6].map((attempt) =>
      nextRetryDelay(connectionFailed(), attempt, { policy, random: highest, ...FAR }),
    );
    expect(delays).toEqual([99, 199, 399, 799, 999, 999]);
  });

  it("draws full jitter: anywhere in [0, ceiling), from 0 up to just below the ceiling", () => {
    const draws = Array.from({ length: 100 }, (_, i) => i / 100);
    const delays = draws.map((value) =>
      nextRetryDelay(connectionFailed(), 3, { policy, random: () => value, ...FAR }),
    );
    for (const delay of delays) {
      expect(delay).toBeGreaterThanOrEqual(0);
      expect(delay).toBeLessThan(400);
    }
    expect(Math.min(...(delays as number[]))).toBe(0);
    expect(Math.max(...(delays as number[]))).toBe(396);
  });

  it("stops when the attempts are used up", () => {
    const limited: RetryPolicy = { ...DEFAULT_RETRY, attempts: 3 };
    expect(nextRetryDelay(connectionFailed(), 2, { policy: limited, random: highest, ...FAR })).toBe(199);
    expect(nextRetryDelay(connectionFailed(), 3, { policy: limited, random: highest, ...FAR })).toBeNull();
    const once: RetryPolicy = { ...DEFAULT_RETRY, attempts: 1 };
    expect(nextRetryDelay(connectionFailed(), 1, { policy: once, random: highest, ...FAR })).toBeNull();
  });
});

describe("nextRetryDelay: what is retried", () => {
  it("retries a connection failure (2001) even when no status is declared", () => {
    expect(DEFAULT_RETRY.retryOn).toEqual([]);
    expect(nextRetryDelay(connectionFailed(), 1, { policy: DEFAULT_RETRY, random: () => 0.5, ...FAR })).toBe(
      50,
    );
  });

  it("retries a status only where the request declares it", () => {
    const only429: RetryPolicy = { ...DEFAULT_RETRY, retryOn: [429] };
    expect(nextRetryDelay(outcome(429), 1, { policy: only429, random: highest, ...FAR })).toBe(99);
    for (const status of [502, 503, 504]) {
      expect(nextRetryDelay(outcome(status), 1, { policy: only429, random: highest, ...FAR })).toBeNull();
    }
    expect(nextRetryDelay(outcome(503), 1, { policy: DEFAULT_RETRY, random: highest, ...FAR })).toBeNull();
  });

  it.each([200, 201, 400, 404, 409, 500, 501, 2000, 2002, 2003, 2004, 2005])("never retries %i", (status) => {
    expect(nextRetryDelay(outcome(status), 1, { policy: ALL_STATUSES, random: highest, ...FAR })).toBeNull();
  });
});

describe("nextRetryDelay: Retry-After", () => {
  it("waits the seconds it asks for, even beyond maxMs", () => {
    const asked = outcome(503, { "retry-after": "3" });
    expect(nextRetryDelay(asked, 1, { policy: ALL_STATUSES, random: highest, ...FAR })).toBe(3_000);
    expect(
      nextRetryDelay(outcome(429, { "Retry-After": "0" }), 1, {
        policy: ALL_STATUSES,
        random: highest,
        ...FAR,
      }),
    ).toBe(0);
  });

  it("waits until the HTTP-date it names, and not at all for a past one", () => {
    const inTwoSeconds = new Date(FAR.nowMs + 2_000).toUTCString();
    const asked = outcome(503, { "retry-after": inTwoSeconds });
    expect(nextRetryDelay(asked, 1, { policy: ALL_STATUSES, random: highest, ...FAR })).toBe(2_000);
    const past = outcome(503, { "retry-after": new Date(FAR.nowMs - 60_000).toUTCString() });
    expect(nextRetryDelay(past, 1, { policy: ALL_STATUSES, random: highest, ...FAR })).toBe(0);
  });

  it("parses delay-seconds and the three HTTP-date forms, and nothing else", () => {
    const now = Date.UTC(1994, 10, 6, 8, 49, 30);
    expect(parseRetryAfter(" 120 ", now)).toBe(120_000);
    expect(parseRetryAfter("Sun, 06 Nov 1994 08:49:37 GMT", now)).toBe(7_000);
    expect(parseRetryAfter("Sunday, 06-Nov-94 08:49:37 GMT", now)).toBe(7_000);
    expect(parseRetryAfter("Sun Nov  6 08:49:37 1994", now)).toBe(7_000);
    for (const bad of ["", "-5", "1.5", "+5", "2026-01-15T12:00:00Z", "soon", "Sun, 06 Nov 1994 08:49:37"]) {
      expect(parseRetryAfter(bad, now)).toBeNull();
    }
  });

  it("falls back to the backoff when Retry-After does not parse", () => {
    const garbled = outcome(503, { "retry-after": "soon" });
    expect(nextRetryDelay(garbled, 2, { policy: ALL_STATUSES, random: highest, ...FAR })).toBe(199);
  });
});

describe("nextRetryDelay: the deadline", () => {
  const policy: RetryPolicy = { ...ALL_STATUSES, marginMs: 100 };

  it("does not retry when Retry-After ends past the deadline", () => {
    const asked = outcome(503, { "retry-after": "5" });
    const context = { policy, random: highest, nowMs: FAR.nowMs };
    expect(nextRetryDelay(asked, 1, { ...context, remainingMs: 4_000 })).toBeNull();
    expect(nextRetryDelay(asked, 1, { ...context, remainingMs: 5_099 })).toBeNull(); // inside the margin
    expect(nextRetryDelay(asked, 1, { ...context, remainingMs: 5_100 })).toBe(5_000);
    const date = outcome(503, { "retry-after": new Date(FAR.nowMs + 60_000).toUTCString() });
    expect(nextRetryDelay(date, 1, { ...context, remainingMs: 30_000 })).toBeNull();
  });

  it("does not retry when the drawn backoff would end inside the margin", () => {
    const context = { policy, nowMs: FAR.nowMs };
    expect(
      nextRetryDelay(connectionFailed(), 1, { ...context, remainingMs: 150, random: highest }),
    ).toBeNull();
    expect(nextRetryDelay(connectionFailed(), 1, { ...context, remainingMs: 150, random: () => 0.3 })).toBe(
      30,
    );
    expect(
      nextRetryDelay(connectionFailed(), 1, { ...context, remainingMs: 50, random: () => 0 }),
    ).toBeNull();
  });
});

describe("RetryPolicySchema", () => {
  it("accepts the default and rejects what breaks a limit", () => {
    expect(RetryPolicySchema.parse(DEFAULT_RETRY)).toEqual(DEFAULT_RETRY);
    const broken = [
      { attempts: 0 },
      { attempts: 11 },
      { attempts: 1.5 },
      { baseMs: 3_000, maxMs: 2_000 },
      { retryOn: [500] },
      { marginMs: -1 },
    ];
    for (const change of broken) {
      expect(RetryPolicySchema.safeParse({ ...DEFAULT_RETRY, ...change }).success).toBe(false);
    }
  });
});

describe("sleep", () => {
  afterEach(() => {
    vi.useRealTimers();
  });

  it("resolves after the time and leaves no timer behind", async () => {
    vi.useFakeTimers();
    const done = vi.fn();
    void sleep(1_000, new AbortController().signal).then(done);
    await vi.advanceTimersByTimeAsync(999);
    expect(done).not.toHaveBeenCalled();
    await vi.advanceTimersByTimeAsync(1);
    expect(done).toHaveBeenCalled();
    expect(vi.getTimerCount()).toBe(0);
  });

  it("rejects with the signal's reason when aborted, clearing its timer", async () => {
    vi.useFakeTimers();
    const controller = new AbortController();
    const waiting = sleep(60_000, controller.signal).catch((error: unknown) => error);
    expect(vi.getTimerCount()).toBe(1);
    controller.abort(new Error("cancelled"));
    await expect(waiting).resolves.toMatchObject({ message: "cancelled" });
    expect(vi.getTimerCount()).toBe(0);
    await expect(sleep(10, controller.signal)).rejects.toThrow("cancelled");
  });
});

/** A clock that only the injected sleep moves, and the waits it was asked for. */
function fakeClock(startMs = FAR.nowMs) {
  const clock = { nowMs: startMs, waits: [] as number[] };
  return {
    clock,
    now: () => clock.nowMs,
    sleep: async (ms: number) => {
      clock.waits.push(ms);
      clock.nowMs += ms;
    },
  };
}

describe("sendWithRetry", () => {
  const signal = new AbortController().signal;

  it("retries until an outcome is final and counts the attempts", async () => {
    const { clock, now, sleep: fakeSleep } = fakeClock();
    const answers = [connectionFailed(), outcome(503, { "retry-after": "1" }), ok()];
    const send = vi.fn(async (_attempt: number) => answers.shift() ?? ok());
    const result = await sendWithRetry(send, {
      policy: { ...DEFAULT_RETRY, retryOn: [503] },
      deadlineAt: clock.nowMs + 10_000,
      now,
      signal,
      sleep: fakeSleep,
      random: highest,
    });
    expect(result).toEqual({ outcome: ok(), attempts: 3 });
    expect(send.mock.calls.map(([attempt]) => attempt)).toEqual([1, 2, 3]);
    expect(clock.waits).toEqual([99, 1_000]);
  });

  it("returns the last outcome when the attempts are used up", async () => {
    const { clock, now, sleep: fakeSleep } = fakeClock();
    const send = vi.fn(async () => connectionFailed());
    const result = await sendWithRetry(send, {
      policy: DEFAULT_RETRY,
      deadlineAt: clock.nowMs + 10_000,
      now,
      signal,
      sleep: fakeSleep,
      random: highest,
    });
    expect(result).toEqual({ outcome: connectionFailed(), attempts: 4 });
    expect(clock.waits).toEqual([99, 199, 399]);
  });

  it("does not retry an undeclared status", async () => {
    const { clock, now, sleep: fakeSleep } = fakeClock();
    const send = vi.fn(async () => outcome(503, { "retry-after": "0" }));
    const result = await sendWithRetry(send, {
      policy: { ...DEFAULT_RETRY, retryOn: [429] },
      deadlineAt: clock.nowMs + 10_000,
      now,
      signal,
      sleep: fakeSleep,
    });
    expect(result.attempts).toBe(1);
    expect(result.outcome.statusCode).toBe(503);
    expect(clock.waits).toEqual([]);
  });

  it("stops before a wait that would end past the deadline, counting the time attempts take", async () => {
    const { clock, now, sleep: fakeSleep } = fakeClock();
    const deadlineAt = clock.nowMs + 1_000;
    const send = vi.fn(async () => {
      clock.nowMs += 400; // each attempt takes 400 ms to fail
      return connectionFailed();
    });
    const result = await sendWithRetry(send, {
      policy: { ...DEFAULT_RETRY, attempts: 10, baseMs: 200, maxMs: 200, marginMs: 100 },
      deadlineAt,
      now,
      signal,
      sleep: fakeSleep,
      random: highest,
    });
    // 400 (attempt 1) + 199 (wait) + 400 (attempt 2) = 999: 1 ms left, less than the margin.
    expect(result).toEqual({ outcome: connectionFailed(), attempts: 2 });
    expect(clock.waits).toEqual([199]);
    expect(clock.nowMs).toBeLessThanOrEqual(deadlineAt);
  });

  it("gives up at once when Retry-After lies beyond the deadline", async () => {
    const { clock, now, sleep: fakeSleep } = fakeClock();
    const send = vi.fn(async () => outcome(429, { "retry-after": "30" }));
    const result = await sendWithRetry(send, {
      policy: ALL_STATUSES,
      deadlineAt: clock.nowMs + 20_000,
      now,
      signal,
      sleep: fakeSleep,
    });
    expect(result.attempts).toBe(1);
    expect(clock.waits).toEqual([]);
  });

  it("rejects with the reason when aborted while waiting, and sends nothing more", async () => {
    vi.useFakeTimers();
    try {
      const controller = new AbortController();
      const send = vi.fn(async () => outcome(503, { "retry-after": "10" }));
      const settled = sendWithRetry(send, {
        policy: ALL_STATUSES,
        deadlineAt: Date.now() + 60_000,
        now: Date.now,
        signal: controller.signal,
      }).catch((error: unknown) => error);
      await vi.advanceTimersByTimeAsync(5_000);
      expect(send).toHaveBeenCalledTimes(1);
      expect(vi.getTimerCount()).toBe(1);
      controller.abort(new Error("cancelled by the agent"));
      await expect(settled).resolves.toMatchObject({ message: "cancelled by the agent" });
      expect(vi.getTimerCount()).toBe(0);
      await vi.advanceTimersByTimeAsync(60_000);
      expect(send).toHaveBeenCalledTimes(1);
    } finally {
      vi.useRealTimers();
    }
  });

  it("sends nothing when the signal is already aborted", async () => {
    const controller = new AbortController();
    controller.abort(new Error("already cancelled"));
    const send = vi.fn(async () => ok());
    await expect(
      sendWithRetry(send, {
        policy: DEFAULT_RETRY,
        deadlineAt: Date.now() + 1_000,
        now: Date.now,
        signal: controller.signal,
      }),
    ).rejects.toThrow("already cancelled");
    expect(send).not.toHaveBeenCalled();
  });
});

describe("sendWithRetry against a real HTTP server", () => {
  /** How the server treats each request to a path, in order; beyond the list it answers 200. */
  const scripts = new Map<string, ((req: http.IncomingMessage, res: http.ServerResponse) => void)[]>();
  const keysSeen = new Map<string, (string | undefined)[]>();
  let server: http.Server;
  let base: string;
  let agent: Agent;

  beforeAll(async () => {
    server = http.createServer((req, res) => {
      const path = req.url ?? "/";
      const key = req.headers["idempotency-key"];
      keysSeen.set(path, [...(keysSeen.get(path) ?? []), typeof key === "string" ? key : undefined]);
      const next = scripts.get(path)?.shift();
      req.resume(); // read the body so the exchange itself is clean
      req.on("end", () => (next ? next(req, res) : res.writeHead(200).end("done")));
    });
    await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
    base = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
    agent = createHttpAgent(dns.lookup);
  });

  afterAll(async () => {
    await agent.close();
    server.closeAllConnections();
    await new Promise<void>((resolve) => server.close(() => resolve()));
  });

  /** `send` for sendWithRetry: the same prepared POST, with one Idempotency-Key, on every attempt. */
  function sendOrder(path: string, deadline: AbortSignal) {
    const request = {
      url: new URL(path, base),
      method: "POST",
      headers: { "content-type": "application/json", "idempotency-key": "c-1.0.order" },
      body: JSON.stringify({ sku: "WD-DRILL-18V", quantity: 1 }),
    };
    return () =>
      sendHttp(request, { dispatcher: agent, deadline, maxResponseBytes: 1024, timeoutSeconds: 5 });
  }

  it("re-sends a request whose connection was closed before any byte of the answer (2001)", async () => {
    scripts.set("/reset-once", [(req) => req.socket.destroy()]);
    const first = await sendOrder("/reset-once", AbortSignal.timeout(5_000))();
    expect(first.statusCode).toBe(CalloutStatus.CONNECTION_FAILED); // what sendHttp reports for it

    scripts.set("/reset-then-ok", [(req) => req.socket.destroy()]);
    const deadlineAt = Date.now() + 5_000;
    const result = await sendWithRetry(sendOrder("/reset-then-ok", AbortSignal.timeout(5_000)), {
      policy: DEFAULT_RETRY,
      deadlineAt,
      now: Date.now,
      signal: new AbortController().signal,
      random: () => 0,
    });
    expect(result.attempts).toBe(2);
    expect(result.outcome).toMatchObject({ statusCode: 200, body: "done" });
    expect(keysSeen.get("/reset-then-ok")).toEqual(["c-1.0.order", "c-1.0.order"]);
  });

  it("re-sends after a declared 503 with Retry-After: 0, and not when 503 is not declared", async () => {
    const unavailable = (_req: http.IncomingMessage, res: http.ServerResponse) =>
      res.writeHead(503, { "retry-after": "0" }).end("busy");
    scripts.set("/busy-once", [unavailable]);
    const options = {
      deadlineAt: Date.now() + 5_000,
      now: Date.now,
      signal: new AbortController().signal,
      random: () => 0,
    };
    const result = await sendWithRetry(sendOrder("/busy-once", AbortSignal.timeout(5_000)), {
      ...options,
      policy: { ...DEFAULT_RETRY, retryOn: [503] },
    });
    expect(result.attempts).toBe(2);
    expect(result.outcome.statusCode).toBe(200);
    expect(keysSeen.get("/busy-once")).toEqual(["c-1.0.order", "c-1.0.order"]);

    scripts.set("/busy-undeclared", [unavailable]);
    const undeclared = await sendWithRetry(sendOrder("/busy-undeclared", AbortSignal.timeout(5_000)), {
      ...options,
      policy: DEFAULT_RETRY,
    });
    expect(undeclared.attempts).toBe(1);
    expect(undeclared.outcome).toMatchObject({ statusCode: 503, body: "busy" });
    expect(undeclared.outcome.headers["retry-after"]).toBe("0");
  });
});
