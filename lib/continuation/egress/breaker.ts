import {
  BrokenCircuitError,
  CircuitState,
  ConsecutiveBreaker,
  circuitBreaker,
  handleWhenResult,
  type CircuitBreakerPolicy,
} from "cockatiel";
import { z } from "zod";
import type { HttpOutcome } from "./http";
import type { Logger } from "../logger";
import { CalloutStatus } from "../status-codes";

/** When a named credential's breaker opens, and for how long. */
export const BreakerOptionsSchema = z.object({
  /** Failures or timeouts in a row that open it. */
  failures: z.number().int().min(1).max(1_000),
  /** How long it stays open before letting one probe request through. */
  halfOpenAfterMs: z.number().int().min(100).max(3_600_000),
});
export type BreakerOptions = z.infer<typeof BreakerOptionsSchema>;

export const DEFAULT_BREAKER: BreakerOptions = { failures: 5, halfOpenAfterMs: 30_000 };

/** A circuit breaker as the desk and the lab show it. */
export interface BreakerView {
  /** The named credential it guards, e.g. `ERP`. */
  credential: string;
  /** closed: calls go through; open: calls fail at once; half-open: one probe call is let through. */
  state: "closed" | "open" | "half-open";
  /** Failures or timeouts in a row so far (resets on a success). */
  consecutiveFailures: number;
  /** How many in a row open it. */
  threshold: number;
  /** When it opened (ISO), while open or half-open. */
  openedAt: string | null;
  /** When it lets a probe through (ISO), while open. */
  probeAt: string | null;
}

/** A breaker changed state, on the instance that saw it. */
export interface BreakerTransition {
  credential: string;
  state: BreakerView["state"];
  /** failures: it opened; probe: a probe decided; reset / operator-probe: an operator closed it. */
  reason: "failures" | "probe" | "reset" | "operator-probe";
  /** The instance whose breaker it is (breakers are per process). */
  instance: string;
  at: Date;
}

/** What an operator's manual probe came to. */
export interface ProbeResult {
  credential: string;
  /** True for a 2xx answer: the breaker is closed now. */
  ok: boolean;
  /** The HTTP status, or 2000-2004 when no answer came. */
  statusCode: number;
  errorMessage: string | null;
  durationMs: number;
  /** The breaker afterwards. */
  breaker: BreakerView;
}

/**
 * What says the remote system is in trouble: a timeout, a failed connection, a send error, a 5xx
 * or a 429. A 4xx answer or an oversized body is an answer, so it does not count.
 */
export function isBreakerFailure(outcome: HttpOutcome): boolean {
  const code = outcome.statusCode;
  return (
    code === CalloutStatus.TIMEOUT ||
    code === CalloutStatus.CONNECTION_FAILED ||
    code === CalloutStatus.EXCEPTION ||
    code === 429 ||
    (code >= 500 && code < 600)
  );
}

/** What a send came to: an outcome, or the error it threw (kept out of the breaker's verdict). */
type Attempt = HttpOutcome | { thrown: unknown; countsAsFailure: true };

function counts(attempt: Attempt): boolean {
  return "thrown" in attempt || isBreakerFailure(attempt);
}

export interface Breakers {
  /**
   * Sends through the credential's breaker (straight through for `null`, an allow-listed URL).
   * While the breaker is open, `send` is not called and the outcome is status 2005.
   */
  call(credential: string | null, send: () => Promise<HttpOutcome>): Promise<HttpOutcome>;
  /** Every credential's breaker, for the desk and the lab. */
  views(): BreakerView[];
  /**
   * Closes a credential's breaker and forgets its failures (a fresh breaker: calls already in
   * flight report to the old one, which no longer decides anything). False for an unknown credential.
   * `reason` names who closed it in the transition reported (when it was not closed already).
   */
  reset(credential: string, reason?: "reset" | "operator-probe"): boolean;
}

/**
 * One cockatiel circuit breaker per named credential (per process). Opens after `failures`
 * failures or timeouts in a row, fails calls at once while open, lets one probe through after
 * `halfOpenAfterMs` (half-open) and closes again when that probe succeeds.
 */
export function createBreakers(
  credentials: readonly string[],
  options: BreakerOptions = DEFAULT_BREAKER,
  logger?: Logger,
  now: () => number = Date.now,
  /** Told of every change of state (the runtime adds its instance and hands it on). */
  onTransition: (t: Omit<BreakerTransition, "instance">) => void = () => {},
): Breakers {
  const report = (credential: string, state: BreakerView["state"], reason: BreakerTransition["reason"]) =>
    onTransition({ credential, state, reason, at: new Date(now()) });
  const byName = new Map<
    string,
    { policy: CircuitBreakerPolicy; counter: ConsecutiveBreaker; openedAt: number | null }
  >();
  const create = (credential: string) => {
    const counter = new ConsecutiveBreaker(options.failures);
    const policy = circuitBreaker(
      handleWhenResult((r) => counts(r as Attempt)),
      {
        halfOpenAfter: options.halfOpenAfterMs,
        breaker: counter,
      },
    );
    const entry = { policy, counter, openedAt: null as number | null };
    policy.onBreak(() => {
      entry.openedAt = now();
      logger?.warn("breaker.opened", { credential, failures: options.failures });
      report(credential, "open", "failures");
    });
    policy.onHalfOpen(() => {
      logger?.info("breaker.half_open", { credential });
      report(credential, "half-open", "probe");
    });
    policy.onReset(() => {
      entry.openedAt = null;
      logger?.info("breaker.closed", { credential });
      report(credential, "closed", "probe");
    });
    byName.set(credential, entry);
  };
  for (const credential of credentials) create(credential);

  const probeAt = (openedAt: number) => new Date(openedAt + options.halfOpenAfterMs);

  return {
    async call(credential, send) {
      const entry = credential === null ? undefined : byName.get(credential);
      if (!entry) return send();
      // A send that throws (cancelled, shutting down) never got an answer: no verdict while the
      // breaker is closed. cockatiel would close a half-open breaker on a thrown probe, so a probe's
      // error comes back as a value that counts as a failure (the breaker stays open).
      const wasProbe = entry.policy.state !== CircuitState.Closed;
      try {
        const attempt = await entry.policy.execute(async (): Promise<Attempt> => {
          if (!wasProbe) return send(); // thrown errors pass through cockatiel uncounted
          try {
            return await send();
          } catch (error) {
            return { thrown: error, countsAsFailure: true };
          }
        });
        if ("thrown" in attempt) throw attempt.thrown;
        return attempt;
      } catch (error) {
        if (!(error instanceof BrokenCircuitError)) throw error;
        const at = probeAt(entry.openedAt ?? now())
          .toISOString()
          .slice(11, 19);
        return {
          statusCode: CalloutStatus.CIRCUIT_OPEN,
          headers: {},
          body: null,
          errorMessage: `${credential} failed ${options.failures} times in a row; requests to it are paused until ${at} UTC.`,
          responseBytes: null,
        };
      }
    },

    reset(credential, reason = "reset") {
      const previous = byName.get(credential);
      if (!previous) return false;
      create(credential);
      logger?.info("breaker.reset", { credential, reason });
      if (previous.policy.state !== CircuitState.Closed) report(credential, "closed", reason);
      return true;
    },

    views() {
      return [...byName].map(([credential, { policy, counter, openedAt }]) => {
        const state = policy.state;
        const open = state === CircuitState.Open || state === CircuitState.Isolated;
        const probe = openedAt === null ? null : probeAt(openedAt);
        return {
          credential,
          state:
            state === CircuitState.HalfOpen || (open && probe !== null && probe.getTime() <= now())
              ? "half-open"
              : open
                ? "open"
                : "closed",
          consecutiveFailures: counter.state,
          threshold: options.failures,
          openedAt:
            state === CircuitState.Closed || openedAt === null ? null : new Date(openedAt).toISOString(),
          probeAt: open && probe ? probe.toISOString() : null,
        };
      });
    },
  };
}
