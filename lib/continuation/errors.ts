/**
 * Errors of the continuation runtime. Each has a stable `code`; limit errors name the limit and
 * the value that broke it.
 */
const BRAND = Symbol.for("warranty-desk.ContinuationError");

export class ContinuationError extends Error {
  override name = "ContinuationError";
  readonly [BRAND] = true;

  /**
   * Next.js may load this module more than once in a process (instrumentation and each route
   * bundle), and the runtime is shared on globalThis: so `instanceof ContinuationError` checks a
   * brand, not the prototype, and knows an error thrown by another copy. Subclasses check as usual.
   */
  static override [Symbol.hasInstance](value: unknown): boolean {
    if (this !== ContinuationError) return Function.prototype[Symbol.hasInstance].call(this, value);
    return typeof value === "object" && value !== null && (value as { [BRAND]?: boolean })[BRAND] === true;
  }

  constructor(
    readonly code: string,
    message: string,
    options?: { cause?: unknown },
  ) {
    super(message, options);
  }
}

/** A limit was broken while building or starting a continuation. */
export class LimitExceededError extends ContinuationError {
  override name = "LimitExceededError";
  constructor(
    code: string,
    readonly limit: string,
    readonly value: number,
    readonly maximum: number,
    message: string,
  ) {
    super(code, message);
  }
}

/** More requests than `maxParallelRequests` in one continuation. */
export class TooManyRequestsError extends LimitExceededError {
  override name = "TooManyRequestsError";
  constructor(count: number, max: number) {
    super(
      "TOO_MANY_REQUESTS",
      "maxParallelRequests",
      count,
      max,
      `A continuation holds at most ${max} requests; this one has ${count}.`,
    );
  }
}

/** Serialized state larger than `maxStateBytes`. */
export class StateTooLargeError extends LimitExceededError {
  override name = "StateTooLargeError";
  constructor(bytes: number, max: number) {
    super(
      "STATE_TOO_LARGE",
      "maxStateBytes",
      bytes,
      max,
      `Continuation state is ${bytes} bytes serialized; the limit is ${max} bytes.`,
    );
  }
}

/** A deadline outside `minTimeoutSeconds`..`maxTimeoutSeconds`, or not an integer. */
export class InvalidTimeoutError extends LimitExceededError {
  override name = "InvalidTimeoutError";
  constructor(seconds: number, min: number, max: number) {
    super(
      "INVALID_TIMEOUT",
      "timeoutSeconds",
      seconds,
      max,
      `A continuation's timeout must be a whole number of seconds from ${min} to ${max}; got ${seconds}.`,
    );
  }
}

/** A request body larger than `maxRequestBodyBytes`. */
export class RequestBodyTooLargeError extends LimitExceededError {
  override name = "RequestBodyTooLargeError";
  constructor(label: string, bytes: number, max: number) {
    super(
      "REQUEST_BODY_TOO_LARGE",
      "maxRequestBodyBytes",
      bytes,
      max,
      `The body of request "${label}" is ${bytes} bytes; the limit is ${max} bytes.`,
    );
  }
}

/** A form-encoded request body with more keys than `maxFormKeys`. */
export class FormTooManyKeysError extends LimitExceededError {
  override name = "FormTooManyKeysError";
  constructor(label: string, keys: number, max: number) {
    super(
      "FORM_TOO_MANY_KEYS",
      "maxFormKeys",
      keys,
      max,
      `The form body of request "${label}" has ${keys} keys; the limit is ${max}.`,
    );
  }
}

/** A chain longer than `maxChainLength`. */
export class ChainTooLongError extends LimitExceededError {
  override name = "ChainTooLongError";
  constructor(length: number, max: number) {
    super(
      "CHAIN_TOO_LONG",
      "maxChainLength",
      length,
      max,
      `A chain holds at most ${max} continuations; this callback tried to start number ${length}.`,
    );
  }
}

/** A request that is malformed (no requests, bad label, bad URL, unknown named credential...). */
export class InvalidRequestError extends ContinuationError {
  override name = "InvalidRequestError";
  constructor(message: string) {
    super("INVALID_REQUEST", message);
  }
}

/** A callback name nobody registered (after a rename, say). */
export class UnknownCallbackError extends ContinuationError {
  override name = "UnknownCallbackError";
  constructor(name: string) {
    super("UNKNOWN_CALLBACK", `No callback is registered under the name "${name}".`);
  }
}

/** A callback asked for a response label that is not in its step. */
export class UnknownLabelError extends ContinuationError {
  override name = "UnknownLabelError";
  constructor(label: string, known: readonly string[]) {
    super("UNKNOWN_LABEL", `No request labelled "${label}" in this step (labels: ${known.join(", ")}).`);
  }
}

/**
 * Thrown by a callback (or an action) to end the chain as failed with a message fit for the
 * owner's screen. Anything else a callback throws is logged and shown as a generic failure.
 */
export class ContinuationFailure extends ContinuationError {
  override name = "ContinuationFailure";
}

/** A URL that is not a known named credential and not on the allow-list. */
export class EndpointNotAllowedError extends ContinuationError {
  override name = "EndpointNotAllowedError";
  constructor(url: string, reason: string) {
    super("ENDPOINT_NOT_ALLOWED", `Refused to call ${url}: ${reason}`);
  }
}
