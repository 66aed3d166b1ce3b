import type { z } from "zod";
import type { RequestRetry, RetryableHttpStatus } from "../egress/retry";
import { InvalidRequestError } from "../errors";
import type { CalloutResponse } from "./responses";
import type { DomainTransaction } from "./register";

/** A JSON value: what state and results may hold. */
export type JsonValue = string | number | boolean | null | JsonValue[] | { [key: string]: JsonValue };

export type HttpMethod = "GET" | "POST" | "PUT" | "PATCH" | "DELETE";

/**
 * One HTTP request of a continuation.
 * `url` is `callout:<NamedCredential>/<path>` (credentials are added on the server at send time)
 * or an absolute http(s) URL on the allow-list.
 */
export interface HttpRequest {
  method?: HttpMethod;
  url: string;
  headers?: Readonly<Record<string, string>>;
  body?: string;
  /**
   * HTTP statuses on which the runtime may send this request again, within its deadline and with
   * the same `Idempotency-Key` (a `Retry-After` is honoured). Connection failures before any byte
   * of the response are always retried. Declare only what the remote side handles idempotently.
   */
  retryOn?: readonly RetryableHttpStatus[];
  /**
   * How many attempts in total (the first included) and how patient the backoff between them,
   * for the retries `retryOn` and connection failures allow: full jitter in [0, baseMs × 2^(n-1)),
   * capped at `maxMs`, a `Retry-After` honoured. Every attempt stays within the step's one
   * deadline. Default: the runtime's (4 attempts, 100 ms doubling, capped at 2 s). Limits:
   * `attempts` 1..10, `baseMs ≤ maxMs ≤ 60,000` ms; `runtime.start` (or the callback returning
   * the continuation) throws an `InvalidRequestError` naming the field otherwise.
   */
  retry?: RequestRetry;
}

/** Up to three labels: the parallel-request limit, caught by the type checker too. */
export type Labels<L extends string> = readonly [L] | readonly [L, L] | readonly [L, L, L];

/** What a callback receives when every response of its step is in. */
export interface CallbackContext<S, L extends string> {
  /** The state the action (or the previous callback) kept, re-validated with the callback's schema. */
  state: S;
  /** This step's responses by label (HTTP status, or 2000-2005 where none applies). */
  responses: Readonly<Record<L, CalloutResponse>>;
  /** A response by a label known only at run time; throws `UnknownLabelError` for a label not in the step. */
  response(label: string): CalloutResponse;
  /** The transaction that also records the continuation's status change: write domain data here. */
  tx: DomainTransaction;
  ownerId: string;
  continuationId: string;
  /** 0-based index of this continuation in its chain. */
  step: number;
}

/** A callback's outcome: the chain's final JSON result, or the next continuation of the chain. */
export type CallbackOutcome<R extends JsonValue> = R | Continuation;

/**
 * A callback registered under a stable `name` (persisted; keep it when renaming the code).
 * Continuations refer to the callback object itself, so a wrong reference does not compile.
 */
export interface Callback<S extends JsonValue, L extends string, R extends JsonValue> {
  readonly name: string;
  readonly labels: Labels<L>;
  readonly state: z.ZodType<S>;
  /**
   * The step's responses hold secrets (an access token, say): once this callback has committed,
   * their bodies and headers are deleted from the store (sizes and timings stay in the summary).
   */
  readonly sensitive?: boolean;
  run(context: CallbackContext<S, L>): Promise<CallbackOutcome<R>>;
}

// Any callback, whatever its state, labels and result (for registries).
// eslint-disable-next-line @typescript-eslint/no-explicit-any
export type AnyCallback = Callback<any, string, any>;

const CALLBACK_NAME = /^[a-z][a-z0-9-]*(\.[a-z][a-z0-9-]*)+$/;

/**
 * Defines a callback. `name` is `domain.event` (e.g. `warranty.received`) and must never change
 * once continuations referring to it may be persisted.
 */
export function defineCallback<const L extends string, S extends JsonValue, R extends JsonValue>(definition: {
  name: string;
  labels: Labels<L>;
  state: z.ZodType<S>;
  sensitive?: boolean;
  run: (context: CallbackContext<S, L>) => Promise<CallbackOutcome<R>>;
}): Callback<S, L, R> {
  if (!CALLBACK_NAME.test(definition.name)) {
    throw new InvalidRequestError(`Callback name "${definition.name}" must look like "domain.event".`);
  }
  return Object.freeze({ ...definition });
}

const CONTINUATION = Symbol.for("warranty-desk.continuation");

/** A labelled request, as a continuation holds it. */
export interface LabelledRequest extends HttpRequest {
  label: string;
}

/**
 * A continuation: the requests to send in parallel, the state to keep, the callback to run next.
 * A plain frozen value (deliberately no `then`, so `await` never mistakes it for a promise).
 */
export interface Continuation {
  readonly [CONTINUATION]: true;
  readonly callbackName: string;
  readonly state: JsonValue;
  readonly requests: readonly LabelledRequest[];
  /** Seconds from the moment it is started; validated against the limits by the runtime. */
  readonly timeoutSeconds: number | undefined;
}

/**
 * Builds a continuation. The request labels are the keys of `requests` and must be exactly the
 * callback's labels; `state` must satisfy the callback's schema (checked here, so a bad state
 * fails in the action, not minutes later in the callback).
 *
 * Limits (maximum requests, state size, timeout bounds, body size) are enforced when the runtime
 * starts it: see `Limits`.
 */
export function continuation<S extends JsonValue, L extends string>(spec: {
  callback: Callback<S, L, JsonValue>;
  state: NoInfer<S>;
  requests: { readonly [K in L]: HttpRequest };
  timeoutSeconds?: number;
}): Continuation {
  const parsed = spec.callback.state.safeParse(spec.state);
  if (!parsed.success) {
    throw new InvalidRequestError(
      `State for callback "${spec.callback.name}" is invalid: ${parsed.error.issues.map((i) => `${i.path.join(".") || "(root)"} ${i.message}`).join("; ")}`,
    );
  }
  const requests = Object.entries<HttpRequest>(spec.requests).map(([label, request]) => ({
    label,
    ...request,
  }));
  const expected = [...spec.callback.labels].sort().join(",");
  const actual = requests
    .map((r) => r.label)
    .sort()
    .join(",");
  if (expected !== actual) {
    throw new InvalidRequestError(
      `Callback "${spec.callback.name}" expects requests labelled ${expected}; got ${actual || "none"}.`,
    );
  }
  return Object.freeze({
    [CONTINUATION]: true as const,
    callbackName: spec.callback.name,
    state: spec.state,
    requests: Object.freeze(requests),
    timeoutSeconds: spec.timeoutSeconds,
  });
}

/** Rebuilds a continuation value from persisted parts (retries); requests are added by the caller. */
export function continuationOf(parts: {
  callbackName: string;
  state: JsonValue;
  timeoutSeconds: number;
}): Continuation {
  return Object.freeze({ [CONTINUATION]: true as const, ...parts, requests: Object.freeze([]) });
}

/** True when a callback's outcome is another continuation (the chain goes on). */
export function isContinuation(value: unknown): value is Continuation {
  return (
    typeof value === "object" && value !== null && (value as Record<symbol, unknown>)[CONTINUATION] === true
  );
}

/**
 * The same continuation with every `callout:<from>/…` request sent through the named credential
 * `to` instead: the same path on `to`'s base URL, with `to`'s secrets and circuit breaker. Other
 * requests are kept as they are. Only this step: a next step that a callback returns is built by
 * that callback. Whether `to` exists is checked when the runtime starts the continuation.
 */
export function throughCredential(value: Continuation, from: string, to: string): Continuation {
  const prefix = `callout:${from}/`;
  return Object.freeze({
    ...value,
    requests: Object.freeze(
      value.requests.map((request) =>
        request.url.startsWith(prefix)
          ? { ...request, url: `callout:${to}/${request.url.slice(prefix.length)}` }
          : request,
      ),
    ),
  });
}
