/**
 * Retrying one HTTP callout within its deadline: exponential backoff with full jitter, `Retry-After`
 * honoured, never a wait that ends past the deadline.
 *
 * What is retried:
 * - 2001 CONNECTION_FAILED (refused, reset, socket closed before the response), always.
 * - 429, 502, 503, 504, only those the request declares in `retryOn`.
 * Nothing else: not 2000 (the deadline is spent), not 2002/2004/2005, not any other HTTP status.
 *
 * Pure apart from the timer in `sleep`: no clock, randomness or I/O of its own unless defaulted.
 */
import { z } from "zod";
import type { HttpOutcome } from "./http";
import { CalloutStatus } from "../status-codes";

/** The HTTP statuses a request may declare as retryable; any other status is an answer. */
export const RETRYABLE_HTTP_STATUSES = [429, 502, 503, 504] as const;

/** One of `RETRYABLE_HTTP_STATUSES`. */
export type RetryableHttpStatus = (typeof RETRYABLE_HTTP_STATUSES)[number];

const attempts = z.number().int().min(1).max(10);
const backoffMs = z.number().int().min(0).max(60_000);
const backoffInOrder = {
  error: "baseMs must not be greater than maxMs.",
  path: ["baseMs"],
};

/**
 * How one callout is retried. Limits: `attempts` 1..10 (in total, the first included; 1 means no
 * retry), `baseMs` and `maxMs` 0..60,000 with `baseMs ≤ maxMs`, `marginMs` 0..10,000.
 * `parse` throws a `ZodError` naming the field that breaks them.
 */
export const RetryPolicySchema = z
  .object({
    /** Attempts in total, the first included. */
    attempts,
    /** Backoff before the first retry is drawn from [0, baseMs); it doubles per attempt. */
    baseMs: backoffMs,
    /** Cap of the backoff range (a `Retry-After` is not capped: it is honoured or not retried). */
    maxMs: backoffMs,
    /** The HTTP statuses this request retries (connection failures are retried regardless). */
    retryOn: z.array(z.literal(RETRYABLE_HTTP_STATUSES)).readonly(),
    /** Time an attempt must still have before the deadline when it starts; less means no retry. */
    marginMs: z.number().int().min(0).max(10_000),
  })
  .refine((policy) => policy.baseMs <= policy.maxMs, backoffInOrder);

/**
 * The part of a retry policy one request may declare (`HttpRequest.retry`): how many attempts and
 * how patient the backoff, with `RetryPolicySchema`'s limits (`attempts` 1..10, `baseMs ≤ maxMs ≤
 * 60,000`; no other key). Which statuses are retried is the request's `retryOn`; the margin before
 * the deadline stays the runtime's.
 */
export const RequestRetrySchema = z
  .object({ attempts, baseMs: backoffMs, maxMs: backoffMs })
  .strict()
  .refine((policy) => policy.baseMs <= policy.maxMs, backoffInOrder);

/** A request's own attempts and backoff (see `RequestRetrySchema`). */
export type RequestRetry = z.infer<typeof RequestRetrySchema>;

/** A validated retry policy (see `RetryPolicySchema` for the limits). */
export type RetryPolicy = z.infer<typeof RetryPolicySchema>;

/**
 * 4 attempts, backoff ranges 100, 200, 400 ms (capped at 2 s), 100 ms margin, and no HTTP status
 * retried: a request opts in with e.g. `{ ...DEFAULT_RETRY, retryOn: [503] }`.
 */
export const DEFAULT_RETRY: RetryPolicy = Object.freeze(
  RetryPolicySchema.parse({ attempts: 4, baseMs: 100, maxMs: 2_000, retryOn: [], marginMs: 100 }),
);

/** Inputs of `nextRetryDelay` besides the outcome. */
export interface RetryContext {
  policy: RetryPolicy;
  /** ms from now until the callout's deadline (may be ≤ 0). */
  remainingMs: number;
  /** Uniform in [0, 1), as `Math.random`. */
  random: () => number;
  /** Now, in ms since the epoch: turns a `Retry-After` HTTP-date into a wait. */
  nowMs: number;
}

const IMF_OR_RFC850_DATE = /^[A-Za-z]{3,9}, [0-9A-Za-z -]+ \d{2}:\d{2}:\d{2} GMT$/;
const ASCTIME_DATE = /^[A-Za-z]{3} [A-Za-z]{3} [ \d]\d \d{2}:\d{2}:\d{2} \d{4}$/;

/**
 * The wait a `Retry-After` value asks for, in ms: delay-seconds, or an HTTP-date (IMF-fixdate,
 * RFC 850 or asctime, all UTC) less `nowMs`, 0 when it is already past. null when the value is
 * none of these, so the caller falls back to its backoff. Never throws.
 */
export function parseRetryAfter(value: string, nowMs: number): number | null {
  const text = value.trim();
  if (/^\d+$/.test(text)) return Number(text) * 1000;
  let date = Number.NaN;
  if (IMF_OR_RFC850_DATE.test(text)) date = Date.parse(text);
  else if (ASCTIME_DATE.test(text)) date = Date.parse(`${text} GMT`); // asctime carries no zone; it is UTC
  return Number.isNaN(date) ? null : Math.max(0, date - nowMs);
}

function headerValue(headers: Readonly<Record<string, string>>, name: string): string | undefined {
  // sendHttp hands over undici's lower-cased names; a hand-built outcome may not.
  return headers[name] ?? Object.entries(headers).find(([key]) => key.toLowerCase() === name)?.[1];
}

/**
 * Whether `outcome` may be retried at all under `policy` (ignoring attempts and the deadline):
 * a 2001 from before any byte of the response, always; an HTTP status only if it is in
 * `policy.retryOn`.
 */
export function isRetryableOutcome(outcome: HttpOutcome, policy: RetryPolicy): boolean {
  const code = outcome.statusCode;
  if (code === CalloutStatus.CONNECTION_FAILED) return !outcome.responseStarted;
  return (policy.retryOn as readonly number[]).includes(code);
}

/**
 * How long to wait before the next attempt, or null to stop and keep `outcome`.
 *
 * `attempt` is the 1-based number of the attempt that produced `outcome`. Null when the outcome is
 * not retryable (`isRetryableOutcome`), when `attempt` has reached `policy.attempts`, or when the
 * wait would end later than `remainingMs - policy.marginMs` (a `Retry-After` past the deadline
 * therefore means no retry). The wait is the `Retry-After` of a retryable HTTP status where it
 * parses (exactly, not capped), otherwise full jitter: uniform in
 * [0, min(maxMs, baseMs × 2^(attempt-1))). Pure; never throws.
 */
export function nextRetryDelay(outcome: HttpOutcome, attempt: number, context: RetryContext): number | null {
  const { policy, remainingMs, random, nowMs } = context;
  if (attempt >= policy.attempts || !isRetryableOutcome(outcome, policy)) return null;
  const retryAfter = headerValue(outcome.headers, "retry-after");
  const askedMs = retryAfter === undefined ? null : parseRetryAfter(retryAfter, nowMs);
  let waitMs: number;
  if (askedMs !== null && outcome.statusCode !== CalloutStatus.CONNECTION_FAILED) {
    waitMs = askedMs;
  } else {
    const ceiling = Math.min(policy.maxMs, policy.baseMs * 2 ** (attempt - 1));
    waitMs = Math.min(ceiling, Math.floor(random() * ceiling));
  }
  return waitMs <= remainingMs - policy.marginMs ? waitMs : null;
}

/**
 * Resolves after `ms`, or rejects with `signal.reason` as soon as `signal` aborts (at once if it
 * already has). The timer and the abort listener are removed either way, so nothing stays armed.
 */
export async function sleep(ms: number, signal: AbortSignal): Promise<void> {
  signal.throwIfAborted();
  let timer: ReturnType<typeof setTimeout> | undefined;
  let onAbort: (() => void) | undefined;
  try {
    await new Promise<void>((resolve, reject) => {
      onAbort = () => reject(signal.reason);
      signal.addEventListener("abort", onAbort, { once: true });
      timer = setTimeout(resolve, ms);
    });
  } finally {
    clearTimeout(timer);
    if (onAbort) signal.removeEventListener("abort", onAbort);
  }
}

/** Options of `sendWithRetry`. */
export interface SendWithRetryOptions {
  policy: RetryPolicy;
  /** The callout's deadline, ms since the epoch: the same one for every attempt. */
  deadlineAt: number;
  /** Clock in ms since the epoch (e.g. `Date.now`). */
  now: () => number;
  /**
   * The caller's cancellation (not the deadline: waits never reach the deadline anyway). Aborting
   * it ends a wait at once; `sendWithRetry` then rejects with its reason.
   */
  signal: AbortSignal;
  /** Waits between attempts; default `sleep`. Must reject when `signal` aborts. */
  sleep?: (ms: number, signal: AbortSignal) => Promise<void>;
  /** Jitter source, uniform in [0, 1); default `Math.random`. */
  random?: () => number;
}

/** What `sendWithRetry` came to. */
export interface RetryResult {
  /** The outcome of the last attempt made. */
  outcome: HttpOutcome;
  /** Attempts made, 1..policy.attempts. */
  attempts: number;
}

/**
 * Sends one callout, retrying it per `nextRetryDelay` until an outcome is final, the attempts are
 * used up or the deadline is too close; returns the last outcome and the number of attempts.
 *
 * `send(attempt)` must re-send the very same prepared request on every attempt (same headers, so
 * the same `Idempotency-Key`, and the same body): it rebuilds nothing, which is what makes retrying
 * a POST safe at a server that honours the key. It should bound each attempt by the callout's one
 * deadline (`sendHttp`'s `deadline` signal), not by a fresh timeout per attempt. A connection lost
 * after the response began (`responseStarted`) is not retried: the request may have been processed.
 *
 * The circuit breaker wraps the whole call (`breakers.call(name, () => sendWithRetry(...))`), so
 * it counts only the final outcome, once per callout, not every attempt.
 *
 * Throws `signal.reason` if `signal` is aborted before the first attempt or during a wait, and
 * whatever `send` throws (`sendHttp` throws only on the caller's cancellation), unchanged.
 */
export async function sendWithRetry(
  send: (attempt: number) => Promise<HttpOutcome>,
  options: SendWithRetryOptions,
): Promise<RetryResult> {
  const { policy, deadlineAt, now, signal } = options;
  const wait = options.sleep ?? sleep;
  const random = options.random ?? Math.random;
  signal.throwIfAborted();
  for (let attempt = 1; ; attempt++) {
    const outcome = await send(attempt);
    const nowMs = now();
    const delayMs = nextRetryDelay(outcome, attempt, {
      policy,
      remainingMs: deadlineAt - nowMs,
      random,
      nowMs,
    });
    if (delayMs === null) return { outcome, attempts: attempt };
    await wait(delayMs, signal);
  }
}
