import {
  context,
  isSpanContextValid,
  ROOT_CONTEXT,
  SpanKind,
  SpanStatusCode,
  trace,
  TraceFlags,
  type Attributes,
  type Context,
  type Span,
  type SpanContext,
} from "@opentelemetry/api";
import type { StoredCallout, StoredContinuation } from "../store/model";
import { isRuntimeStatus } from "../status-codes";

/**
 * The runtime's spans (OpenTelemetry API only: with no SDK registered every call is a no-op).
 * A continuation's spans form one trace from click to result: the starting action's span context
 * is persisted with the continuation (`traceContext`, a W3C `traceparent`), and every callout's
 * and callback's span, whichever instance runs it and however long after, is its child.
 * Attributes hold ids, labels, methods, URLs as the action wrote them and status codes: never a
 * secret (credentials are added at send time, after the span's attributes are set) or a body.
 */

const tracer = () => trace.getTracer("warranty-desk.continuation");

const TRACEPARENT = /^00-([0-9a-f]{32})-([0-9a-f]{16})-([0-9a-f]{2})$/;

/** The active span's context as a W3C `traceparent`, or null when nothing is traced. */
export function currentTraceContext(): string | null {
  const span = trace.getActiveSpan();
  if (!span) return null;
  const sc = span.spanContext();
  if (!isSpanContextValid(sc)) return null;
  const flags = (sc.traceFlags & 0xff).toString(16).padStart(2, "0");
  return `00-${sc.traceId}-${sc.spanId}-${flags}`;
}

/** A persisted `traceparent` read back as a remote span context; null when absent or malformed. */
export function parseTraceContext(traceparent: string | null | undefined): SpanContext | null {
  const match = traceparent ? TRACEPARENT.exec(traceparent) : null;
  if (!match) return null;
  const [, traceId = "", spanId = "", flags = "00"] = match;
  const sc: SpanContext = {
    traceId,
    spanId,
    traceFlags: Number.parseInt(flags, 16) & TraceFlags.SAMPLED,
    isRemote: true,
  };
  return isSpanContextValid(sc) ? sc : null;
}

/** The context a continuation's spans start in: its starting action's span as their parent. */
function parentOf(traceContext: string | null): Context {
  const sc = parseTraceContext(traceContext);
  return sc ? trace.setSpanContext(ROOT_CONTEXT, sc) : ROOT_CONTEXT;
}

/** Ends `span` after `run` settles, recording a thrown error; `onResult` may annotate the span first. */
async function inSpan<T>(
  span: Span,
  parent: Context,
  run: () => Promise<T>,
  onResult?: (span: Span, result: T) => void,
): Promise<T> {
  try {
    const result = await context.with(trace.setSpan(parent, span), run);
    if (span.isRecording()) onResult?.(span, result);
    return result;
  } catch (error) {
    if (span.isRecording()) {
      span.recordException(error instanceof Error ? error : String(error));
      span.setStatus({ code: SpanStatusCode.ERROR, message: error instanceof Error ? error.name : "error" });
    }
    throw error;
  } finally {
    span.end();
  }
}

/** The HTTP status (or 2000-2005 code) on a send's result, when it carries one. */
function statusCodeOf(result: unknown): number | null {
  if (typeof result !== "object" || result === null || !("statusCode" in result)) return null;
  return typeof result.statusCode === "number" ? result.statusCode : null;
}

/**
 * Runs one callout's send inside its span `callout <label>` (kind CLIENT, child of the
 * continuation's trace). Returns what `send` returns; when that carries a numeric `statusCode`,
 * the span records it and is marked as an error for a 4xx/5xx or a 2000-2005 runtime code.
 * Throws what `send` throws (after recording it on the span).
 */
export function traceCallout<T>(
  c: Pick<StoredContinuation, "id" | "traceContext" | "step">,
  callout: Pick<StoredCallout, "label" | "method" | "url" | "idempotencyKey">,
  send: () => Promise<T>,
): Promise<T> {
  const parent = parentOf(c.traceContext);
  const attributes: Attributes = {
    "continuation.id": c.id,
    "continuation.step": c.step,
    "continuation.callout.label": callout.label,
    "continuation.idempotency_key": callout.idempotencyKey,
    "http.request.method": callout.method,
    "url.full": callout.url,
  };
  const span = tracer().startSpan(`callout ${callout.label}`, { kind: SpanKind.CLIENT, attributes }, parent);
  return inSpan(span, parent, send, (s, result) => {
    const code = statusCodeOf(result);
    if (code === null) return;
    if (isRuntimeStatus(code)) {
      s.setAttribute("continuation.callout.status", code);
      s.setAttribute("error.type", String(code));
      s.setStatus({ code: SpanStatusCode.ERROR, message: `runtime status ${code}` });
    } else {
      s.setAttribute("http.response.status_code", code);
      if (code >= 400) s.setStatus({ code: SpanStatusCode.ERROR, message: `HTTP ${code}` });
    }
  });
}

/** Runs a step's callback inside its span `callback <name>` (child of the continuation's trace). */
export function traceCallback<T>(
  c: Pick<StoredContinuation, "id" | "traceContext" | "step" | "callbackName">,
  run: () => Promise<T>,
): Promise<T> {
  const parent = parentOf(c.traceContext);
  const attributes: Attributes = {
    "continuation.id": c.id,
    "continuation.step": c.step,
    "continuation.callback": c.callbackName,
  };
  const span = tracer().startSpan(
    `callback ${c.callbackName}`,
    { kind: SpanKind.INTERNAL, attributes },
    parent,
  );
  return inSpan(span, parent, run);
}

/** What an action may tell its span while it runs. */
export interface ActionSpan {
  /** Renames the span `action <name>` once the action knows what it starts. */
  rename(name: string): void;
  /** Marks the span as failed with the action's failure code (failures are values, not throws). */
  fail(code: string): void;
}

/**
 * Runs a server action inside its span `action <name>` (kind INTERNAL, a child of whatever span
 * is active, e.g. the incoming request's), active while it runs: the continuation it starts
 * persists this span as its trace's parent (`currentTraceContext`). Throws what `run` throws.
 */
export function traceAction<T>(name: string, run: (span: ActionSpan) => Promise<T>): Promise<T> {
  const parent = context.active();
  const span = tracer().startSpan(`action ${name}`, { kind: SpanKind.INTERNAL }, parent);
  const handle: ActionSpan = {
    rename: (next) => void span.updateName(`action ${next}`),
    fail(code) {
      if (!span.isRecording()) return;
      span.setAttribute("error.type", code);
      span.setStatus({ code: SpanStatusCode.ERROR, message: code });
    },
  };
  return inSpan(span, parent, () => run(handle));
}
