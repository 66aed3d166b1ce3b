import type { Agent } from "undici";
import type { Limits } from "../limits";
import { CalloutStatus } from "../status-codes";
import type { Breakers } from "./breaker";
import type { EndpointPolicy } from "./endpoints";
import { sendHttp, type HttpOutcome } from "./http";
import { DEFAULT_RETRY, sendWithRetry, type RequestRetry, type RetryPolicy } from "./retry";

const IDEMPOTENCY_HEADER = "idempotency-key";
const CREDENTIAL_HEADERS = new Set(["authorization", "proxy-authorization", "cookie", "x-api-key"]);

/** A callout as the sender needs it: as the action wrote it, secrets not yet added. */
export interface OutgoingCallout {
  url: string;
  method: string;
  headers: Record<string, string>;
  body: string | null;
  idempotencyKey: string;
  /** HTTP statuses it may be retried on (connection failures before a response always are). */
  retryOn: readonly number[];
  /** Its own attempts and backoff (validated when it was started); null or absent: the sender's. */
  retry?: RequestRetry | null;
}

/** One attempt at sending a callout (the timeline shows the retried ones). */
export interface AttemptRecord {
  startedAt: Date;
  finishedAt: Date;
  statusCode: number;
  errorMessage: string | null;
}

/** A callout's final outcome, and every attempt that led to it (none when it was never sent). */
export type SentOutcome = HttpOutcome & { attempts: AttemptRecord[] };

/** Sends one callout; never throws for a remote failure (the outcome carries 2000-2005 instead). */
export type SendCallout = (
  callout: OutgoingCallout,
  step: { deadlineAt: Date; timeoutSeconds: number },
  cancel: AbortSignal,
) => Promise<SentOutcome>;

export const failedOutcome = (statusCode: number, errorMessage: string): SentOutcome => ({
  statusCode,
  headers: {},
  body: null,
  errorMessage,
  responseBytes: null,
  attempts: [],
});

/**
 * The callout sender: resolves the named credential (its secrets are read here, at send time
 * only), adds the `Idempotency-Key`, holds the deadline, retries what may be retried (a
 * connection failure before any response, the statuses the request declares) with backoff and
 * jitter within the deadline, goes through the credential's circuit breaker (which counts the
 * final outcome only), and refuses a redirect off the allow-list (redirects are never followed).
 * Past its deadline a callout is not sent and gets 2000. Throws only when `cancel` fires.
 */
export function createCalloutSender(deps: {
  endpoints: EndpointPolicy;
  breakers: Breakers;
  agent: Agent;
  limits: Pick<Limits, "maxResponseBytes">;
  now: () => Date;
  /**
   * Attempts and backoff (default `DEFAULT_RETRY`) of a request that declares none of its own;
   * which statuses is each request's own.
   */
  retry?: Omit<RetryPolicy, "retryOn">;
}): SendCallout {
  const { endpoints, breakers, agent, limits, now } = deps;
  return async (callout, step, cancel) => {
    const remainingMs = step.deadlineAt.getTime() - now().getTime();
    if (remainingMs <= 0) {
      return failedOutcome(
        CalloutStatus.TIMEOUT,
        `No response within the ${step.timeoutSeconds} s deadline.`,
      );
    }
    let endpoint;
    try {
      endpoint = endpoints.resolve(callout.url, { withSecrets: true });
    } catch (error) {
      return failedOutcome(CalloutStatus.EXCEPTION, error instanceof Error ? error.message : String(error));
    }
    const target = endpoint;
    const policy: RetryPolicy = {
      ...(deps.retry ?? DEFAULT_RETRY),
      ...callout.retry,
      retryOn: callout.retryOn as RetryPolicy["retryOn"],
    };
    const attempts: AttemptRecord[] = [];
    const sendOnce = async () => {
      const startedAt = now();
      const outcome = await sendAttempt();
      attempts.push({
        startedAt,
        finishedAt: now(),
        statusCode: outcome.statusCode,
        errorMessage: outcome.errorMessage,
      });
      return outcome;
    };
    const sendAttempt = async () => {
      const outcome = await sendHttp(
        {
          url: target.url,
          method: callout.method,
          headers: {
            ...callout.headers,
            ...target.secretHeaders,
            [IDEMPOTENCY_HEADER]: callout.idempotencyKey,
          },
          body: callout.body,
        },
        {
          dispatcher: agent,
          deadline: AbortSignal.timeout(Math.max(1, step.deadlineAt.getTime() - now().getTime())),
          cancelSignal: cancel,
          maxResponseBytes: limits.maxResponseBytes,
          timeoutSeconds: step.timeoutSeconds,
        },
      );
      const location = outcome.headers.location;
      if (outcome.statusCode >= 300 && outcome.statusCode < 400 && location) {
        const redirect = URL.parse(location, target.url);
        if (!redirect || !endpoints.isAllowed(redirect)) {
          return failedOutcome(
            CalloutStatus.EXCEPTION,
            `Refused the redirect to ${redirect?.origin ?? location}: it is not on the allow-list.`,
          );
        }
      }
      return outcome;
    };
    const outcome = await breakers.call(target.credential, async () => {
      const { outcome } = await sendWithRetry(sendOnce, {
        policy,
        deadlineAt: step.deadlineAt.getTime(),
        now: () => now().getTime(),
        signal: cancel,
      });
      return outcome;
    });
    return { ...outcome, attempts };
  };
}

/**
 * A request's headers with credential values replaced: an action may set a short-lived bearer
 * token on a request; it is kept only while the request may still have to be (re)sent.
 */
export function redactCredentials(headers: Record<string, string>): Record<string, string> {
  return Object.fromEntries(
    Object.entries(headers).map(([name, value]) => [
      name,
      CREDENTIAL_HEADERS.has(name.toLowerCase()) ? "[redacted]" : value,
    ]),
  );
}
