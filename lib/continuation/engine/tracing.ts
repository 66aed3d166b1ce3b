import type { StoredCallout, StoredContinuation } from "../store/model";

/**
 * The runtime's spans (OpenTelemetry API only: with no SDK registered every call is a no-op).
 * A continuation's spans form one trace from click to result: the starting action's span context
 * is persisted with the continuation (`traceContext`, a W3C `traceparent`), and every callout's
 * and callback's span, whichever instance runs it and however long after, is its child.
 *
 * STUB: the contract only; spans are not emitted yet.
 */

/** The active span's context as a W3C `traceparent`, or null when nothing is traced. */
export function currentTraceContext(): string | null {
  return null;
}

/** Runs one callout's send inside its span (child of the continuation's trace). */
export function traceCallout<T>(
  _c: Pick<StoredContinuation, "id" | "traceContext" | "step">,
  _callout: Pick<StoredCallout, "label" | "method" | "url" | "idempotencyKey">,
  send: () => Promise<T>,
): Promise<T> {
  return send();
}

/** Runs a step's callback inside its span (child of the continuation's trace). */
export function traceCallback<T>(
  _c: Pick<StoredContinuation, "id" | "traceContext" | "step" | "callbackName">,
  run: () => Promise<T>,
): Promise<T> {
  return run();
}
