import { randomUUID } from "node:crypto";
import type { Continuation } from "../define/continuation";
import type { ResolvedEndpoint } from "../egress/endpoints";
import { RequestRetrySchema, RETRYABLE_HTTP_STATUSES } from "../egress/retry";
import {
  FormTooManyKeysError,
  InvalidRequestError,
  InvalidTimeoutError,
  RequestBodyTooLargeError,
  StateTooLargeError,
  TooManyRequestsError,
  UnknownCallbackError,
} from "../errors";
import type { Limits } from "../limits";
import type { NewStep } from "../store/model";

const METHODS = new Set(["GET", "POST", "PUT", "PATCH", "DELETE"]);
const LABEL = /^[A-Za-z][A-Za-z0-9_-]{0,39}$/;

/**
 * The idempotency key of a callout: `<scope>.<step>.<label>`, where the scope is the
 * continuation's id (or, for a retry, its original's). The same for every re-send of that callout.
 */
export function idempotencyKey(scope: string, step: number, label: string): string {
  return `${scope}.${step}.${label}`;
}

function isForm(headers: Readonly<Record<string, string>> | undefined): boolean {
  return Object.entries(headers ?? {}).some(
    ([name, value]) =>
      name.toLowerCase() === "content-type" &&
      value.toLowerCase().startsWith("application/x-www-form-urlencoded"),
  );
}

/**
 * Checks a continuation against every limit and turns it into a step ready to persist.
 * Throws the specific error of the first limit it breaks (nothing is persisted then):
 * `UnknownCallbackError`, `InvalidRequestError`, `TooManyRequestsError`, `InvalidTimeoutError`,
 * `StateTooLargeError`, `RequestBodyTooLargeError`, `FormTooManyKeysError`, `EndpointNotAllowedError`.
 */
export function prepareStep(
  c: Continuation,
  options: {
    /** The continuation's idempotency scope (its id, unless it is a retry). */
    idempotencyScope: string;
    stepIndex: number;
    limits: Limits;
    isRegistered: (callbackName: string) => boolean;
    resolveEndpoint: (url: string) => ResolvedEndpoint;
    now: Date;
  },
): NewStep {
  const { limits } = options;
  if (!options.isRegistered(c.callbackName)) throw new UnknownCallbackError(c.callbackName);
  if (c.requests.length === 0) throw new InvalidRequestError("A continuation needs at least one request.");
  if (c.requests.length > limits.maxParallelRequests) {
    throw new TooManyRequestsError(c.requests.length, limits.maxParallelRequests);
  }
  const timeoutSeconds = c.timeoutSeconds ?? limits.defaultTimeoutSeconds;
  if (
    !Number.isInteger(timeoutSeconds) ||
    timeoutSeconds < limits.minTimeoutSeconds ||
    timeoutSeconds > limits.maxTimeoutSeconds
  ) {
    throw new InvalidTimeoutError(timeoutSeconds, limits.minTimeoutSeconds, limits.maxTimeoutSeconds);
  }
  const state = JSON.stringify(c.state);
  const stateBytes = Buffer.byteLength(state, "utf8");
  if (stateBytes > limits.maxStateBytes) throw new StateTooLargeError(stateBytes, limits.maxStateBytes);

  const labels = new Set<string>();
  const callouts = c.requests.map((request) => {
    if (!LABEL.test(request.label)) {
      throw new InvalidRequestError(`Request label "${request.label}" must be 1-40 letters, digits, - or _.`);
    }
    if (labels.has(request.label))
      throw new InvalidRequestError(`Two requests are labelled "${request.label}".`);
    labels.add(request.label);
    const method = request.method ?? "GET";
    if (!METHODS.has(method)) throw new InvalidRequestError(`Method ${method} is not supported.`);
    const retryOn = [...new Set(request.retryOn ?? [])].sort((a, b) => a - b);
    for (const status of retryOn) {
      if (!(RETRYABLE_HTTP_STATUSES as readonly number[]).includes(status)) {
        throw new InvalidRequestError(
          `Request "${request.label}" may be retried on ${RETRYABLE_HTTP_STATUSES.join(", ")} only, not ${status}.`,
        );
      }
    }
    const retry = request.retry === undefined ? null : RequestRetrySchema.safeParse(request.retry);
    if (retry && !retry.success) {
      const problems = retry.error.issues.map((i) => `${i.path.join(".") || "retry"} ${i.message}`);
      throw new InvalidRequestError(
        `Request "${request.label}" has an invalid retry policy: ${problems.join("; ")}.`,
      );
    }
    options.resolveEndpoint(request.url); // refuse what is not allowed before anything is persisted
    const body = request.body ?? null;
    const requestBytes = body === null ? 0 : Buffer.byteLength(body, "utf8");
    if (requestBytes > limits.maxRequestBodyBytes) {
      throw new RequestBodyTooLargeError(request.label, requestBytes, limits.maxRequestBodyBytes);
    }
    if (body !== null && isForm(request.headers)) {
      const keys = new Set(new URLSearchParams(body).keys()).size;
      if (keys > limits.maxFormKeys) throw new FormTooManyKeysError(request.label, keys, limits.maxFormKeys);
    }
    return {
      id: randomUUID(),
      label: request.label,
      method,
      url: request.url,
      headers: { ...request.headers },
      body,
      idempotencyKey: idempotencyKey(options.idempotencyScope, options.stepIndex, request.label),
      retryOn,
      retry: retry?.data ?? null,
      requestBytes,
    };
  });
  return {
    callbackName: c.callbackName,
    state,
    timeoutSeconds,
    deadlineAt: new Date(options.now.getTime() + timeoutSeconds * 1000),
    callouts,
  };
}
