import "server-only";
import { RateLimiterPrisma } from "rate-limiter-flexible";
import { verifyAgentCredentials, type SignInInput } from "@/lib/auth/sign-in";
import {
  createSignInThrottle,
  type CreateThrottleLimiter,
  type SignInThrottle,
  type ThrottledSignIn,
} from "@/lib/auth/sign-in-throttle";
import type { Db } from "@/lib/db";
import { getEnv } from "@/lib/env";
import { clientAddress } from "@/lib/http/client-address";
import { getDb } from "./db";
import { singleton } from "./singleton";

/**
 * Limiters for the throttle on rate-limiter-flexible's Prisma store: the `SignInThrottle` table, in
 * the app's database, so counts survive restarts and are shared by instances. Only the first one
 * sweeps expired rows (every 5 minutes; they all share the table).
 */
export function prismaThrottleLimiters(db: Db, options: { sweepExpired: boolean }): CreateThrottleLimiter {
  let sweeper = options.sweepExpired;
  return (limiter) => {
    const sweepExpired = sweeper;
    sweeper = false;
    return new RateLimiterPrisma({
      ...limiter,
      storeClient: db,
      tableName: "signInThrottle",
      clearExpiredByTimeout: sweepExpired,
    });
  };
}

/** The process's sign-in throttle (SIGN_IN_THROTTLE), on the app's database. */
export function getSignInThrottle(): SignInThrottle {
  return singleton("sign-in-throttle", () =>
    createSignInThrottle(getEnv().SIGN_IN_THROTTLE, prismaThrottleLimiters(getDb(), { sweepExpired: true })),
  );
}

/**
 * Checks an agent's credentials under the sign-in throttle, for the sign-in form and
 * `POST /api/sessions` alike. `headers` are the request's: they give the client's address
 * (TRUSTED_PROXY_HOPS says which one to believe). Starts no session: the caller does.
 */
export function signInThrottled(input: SignInInput, headers: Headers): Promise<ThrottledSignIn<string>> {
  const address = clientAddress(headers, getEnv().TRUSTED_PROXY_HOPS);
  return getSignInThrottle().attempt({ username: input.username, address }, () =>
    verifyAgentCredentials(getDb(), input),
  );
}
