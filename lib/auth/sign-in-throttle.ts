import { RateLimiterRes, type RateLimiterAbstract } from "rate-limiter-flexible";
import { z } from "zod";

// Not `server-only`: lib/env.ts reads the settings schema, and scripts read lib/env.ts.

/**
 * How many failures one kind of key may have: up to `delayAfter` cost nothing; after each further
 * one the next attempt waits (1 s, then doubling); from `lockAfter` on, each failure locks the key
 * for the policy's `lockSeconds`.
 */
export interface ThrottleRule {
  delayAfter: number;
  lockAfter: number;
}

/** The sign-in throttling policy (`SIGN_IN_THROTTLE` in the environment overrides any part). */
export interface SignInThrottleSettings {
  /** One agent name from one client address: one attacker guessing one agent's password. */
  perNameAndAddress: ThrottleRule;
  /** One agent name from any address: guesses spread over many addresses. */
  perName: ThrottleRule;
  /** One client address, any agent name: one address trying many names. */
  perAddress: ThrottleRule;
  /** How long a lock lasts, and the longest delay (seconds). */
  lockSeconds: number;
  /** Failures are forgotten this long after the first of them (seconds). */
  windowSeconds: number;
}

export const DEFAULT_SIGN_IN_THROTTLE: Readonly<SignInThrottleSettings> = Object.freeze({
  perNameAndAddress: { delayAfter: 5, lockAfter: 10 },
  perName: { delayAfter: 10, lockAfter: 30 },
  perAddress: { delayAfter: 30, lockAfter: 100 },
  lockSeconds: 15 * 60,
  windowSeconds: 60 * 60,
});

const count = z.number().int().min(1).max(1_000_000);
const seconds = z
  .number()
  .int()
  .min(1)
  .max(7 * 24 * 60 * 60);

const rule = (defaults: ThrottleRule) =>
  z
    .object({ delayAfter: count.default(defaults.delayAfter), lockAfter: count.default(defaults.lockAfter) })
    .strict()
    .refine((r) => r.delayAfter <= r.lockAfter, { message: "delayAfter must not exceed lockAfter" })
    .default(defaults);

/** The settings as configuration gives them: any part may be left out; unknown keys are refused. */
export const SignInThrottleSettingsSchema = z
  .object({
    perNameAndAddress: rule(DEFAULT_SIGN_IN_THROTTLE.perNameAndAddress),
    perName: rule(DEFAULT_SIGN_IN_THROTTLE.perName),
    perAddress: rule(DEFAULT_SIGN_IN_THROTTLE.perAddress),
    lockSeconds: seconds.default(DEFAULT_SIGN_IN_THROTTLE.lockSeconds),
    windowSeconds: seconds.default(DEFAULT_SIGN_IN_THROTTLE.windowSeconds),
  })
  .strict();

/** The part of a rate-limiter-flexible store limiter the throttle uses. */
export type ThrottleLimiter = Pick<RateLimiterAbstract, "get" | "consume" | "penalty" | "reward" | "delete">;

/**
 * Makes one limiter over the shared store (a prefix per limiter keeps their keys apart).
 * Production passes rate-limiter-flexible's Prisma store (lib/server/sign-in.ts).
 */
export type CreateThrottleLimiter = (options: {
  keyPrefix: string;
  points: number;
  duration: number;
}) => ThrottleLimiter;

/** Who is trying to sign in: the agent name as typed and the client's address. */
export interface SignInAttempt {
  username: string;
  address: string;
}

export type ThrottledSignIn<Agent> =
  | { outcome: "signed-in"; agent: Agent }
  | { outcome: "failed" }
  | { outcome: "locked"; retryAfterSeconds: number };

export interface SignInThrottle {
  /**
   * Runs `verify` (the password check) unless a key of the attempt is locked: then answers
   * `locked` at once, with the seconds to wait, without calling it. `verify` resolves to the agent
   * or null; a null counts as a failure, whether or not the agent exists. Rejects only when the
   * store (the database) fails.
   */
  attempt<Agent>(
    attempt: SignInAttempt,
    verify: () => Promise<Agent | null>,
  ): Promise<ThrottledSignIn<Agent>>;
}

/** The sentence an agent sees while locked out (the form and the API's 429 say the same). */
export const tooManyAttemptsMessage = (retryAfterSeconds: number) =>
  `Too many attempts; try again in ${retryAfterSeconds} s.`;

/** The same agent name however it is typed: surrounding spaces, case and Unicode forms. */
export const normalizeAgentName = (username: string) => username.normalize("NFKC").trim().toLowerCase();

type Dimension = "nameAndAddress" | "name" | "address";
const DIMENSIONS: readonly Dimension[] = ["nameAndAddress", "name", "address"];

/**
 * Sign-in throttling. Failed attempts are counted three ways: per agent name and client address,
 * per agent name, and per client address, each with its own rule (see `SignInThrottleSettings`).
 * After `delayAfter` failures of a key, each further attempt opens a delay on that key (1 s,
 * 2 s, 4 s, … at most `lockSeconds`; `lockSeconds` from `lockAfter` failures on): while any key
 * of an attempt is delayed, the attempt is refused at once, without a password check, and not
 * counted. Unknown agents are counted like known ones, so the answers tell nothing about which
 * names exist.
 *
 * An attempt is counted before its password is checked (atomically, in the store), so a burst of
 * parallel guesses gets the same allowance as the same guesses one after another: only the first
 * attempt past `delayAfter` claims the delay, the others are refused.
 *
 * A successful sign-in clears the counter and delay of its (name, address) key only. It does not
 * count as a failure of its name or address, but leaves their counters as they were: failures
 * from other addresses, an attacker's, are not forgiven because the agent got in from here.
 *
 * State lives in the store (the database), so it survives a restart and every instance sharing
 * the database applies the same counts. Counters are fixed windows of `windowSeconds` from the
 * first failure.
 */
export function createSignInThrottle(
  settings: SignInThrottleSettings,
  createLimiter: CreateThrottleLimiter,
): SignInThrottle {
  const rules: Record<Dimension, ThrottleRule> = {
    nameAndAddress: settings.perNameAndAddress,
    name: settings.perName,
    address: settings.perAddress,
  };
  // Failures by key within the window; `points` is not used to refuse (penalty never does).
  const failures = limiters("sign-in-failures", { points: 1_000_000, duration: settings.windowSeconds });
  // Delays: a row whose window is open is a delay; the first consume in a window claims it.
  const delays = limiters("sign-in-delay", { points: 1, duration: settings.lockSeconds });

  function limiters(prefix: string, options: { points: number; duration: number }) {
    return Object.fromEntries(
      DIMENSIONS.map((d) => [d, createLimiter({ keyPrefix: `${prefix}-${kebab(d)}`, ...options })]),
    ) as Record<Dimension, ThrottleLimiter>;
  }

  /** The delay after the `failureCount`-th failure of a key under `rule`, in seconds (0: none). */
  function delayFor(rule: ThrottleRule, failureCount: number): number {
    if (failureCount <= rule.delayAfter) return 0;
    if (failureCount >= rule.lockAfter) return settings.lockSeconds;
    return Math.min(2 ** (failureCount - rule.delayAfter - 1), settings.lockSeconds);
  }

  const waitSeconds = (res: RateLimiterRes) => Math.max(1, Math.ceil(res.msBeforeNext / 1000));

  return {
    async attempt(attempt, verify) {
      const name = encodeURIComponent(normalizeAgentName(attempt.username));
      const keys: Record<Dimension, string> = {
        nameAndAddress: `${name}@${attempt.address}`,
        name,
        address: attempt.address,
      };

      const open = await Promise.all(DIMENSIONS.map((d) => delays[d].get(keys[d])));
      const waiting = open.filter((res): res is RateLimiterRes => res !== null && res.msBeforeNext > 0);
      if (waiting.length > 0) {
        return { outcome: "locked", retryAfterSeconds: Math.max(...waiting.map(waitSeconds)) };
      }

      const counted = await Promise.all(DIMENSIONS.map((d) => failures[d].penalty(keys[d])));
      const claimed: Dimension[] = [];
      const refused: RateLimiterRes[] = [];
      await Promise.all(
        DIMENSIONS.map(async (d, i) => {
          const delay = delayFor(rules[d], counted[i]!.consumedPoints);
          if (delay === 0) return;
          try {
            await delays[d].consume(keys[d], 1, { customDuration: delay });
            claimed.push(d);
          } catch (error) {
            if (!(error instanceof RateLimiterRes)) throw error;
            refused.push(error);
          }
        }),
      );
      if (refused.length > 0) {
        // A parallel attempt claimed the delay first: this one is not checked, so not counted.
        await Promise.all(DIMENSIONS.map((d) => failures[d].reward(keys[d])));
        return { outcome: "locked", retryAfterSeconds: Math.max(...refused.map(waitSeconds)) };
      }

      const agent = await verify();
      if (agent === null) return { outcome: "failed" };

      await Promise.all([
        failures.nameAndAddress.delete(keys.nameAndAddress),
        delays.nameAndAddress.delete(keys.nameAndAddress),
        // Not a failure after all; the delays it claimed were claimed for this attempt only.
        ...(["name", "address"] as const).flatMap((d) => [
          failures[d].reward(keys[d]),
          ...(claimed.includes(d) ? [delays[d].delete(keys[d])] : []),
        ]),
      ]);
      return { outcome: "signed-in", agent };
    },
  };
}

const kebab = (name: string) => name.replace(/[A-Z]/g, (c) => `-${c.toLowerCase()}`);
