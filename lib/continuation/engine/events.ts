import { credentialOf } from "../egress/endpoints";
import type { AttemptRecord } from "../egress/send-callout";
import type { CalloutOutcome, NewEvent, NewStep, StoredCallout } from "../store/model";

// The timeline's entries, built by the engine and written by the store in the commit of the
// transition they record (see `EventKind` for what each kind's `detail` holds). Pure functions.

type Where = { id: string; instance: string; at: Date };

const event = (
  where: Where,
  kind: NewEvent["kind"],
  step: number,
  detail: NewEvent["detail"],
  label: string | null = null,
  at: Date = where.at,
): NewEvent => ({ continuationId: where.id, at, kind, step, label, instance: where.instance, detail });

/** A step's callouts persisted as sent. */
export function sentEvents(where: Where, stepIndex: number, step: NewStep): NewEvent[] {
  return step.callouts.map((x) =>
    event(
      where,
      "sent",
      stepIndex,
      { method: x.method, url: x.url, idempotencyKey: x.idempotencyKey, requestBytes: x.requestBytes },
      x.label,
    ),
  );
}

/** A new chain: started, its first callouts sent, and on a retry's original `retried_as`. */
export function startedEvents(where: Where, step: NewStep, retryOf: string | null): NewEvent[] {
  const started = event(where, "started", 0, {
    callback: step.callbackName,
    requests: step.callouts.length,
    retryOf,
  });
  const replaced = retryOf ? [event({ ...where, id: retryOf }, "retried_as", 0, { id: where.id })] : [];
  return [started, ...sentEvents(where, 0, step), ...replaced];
}

/** A callout's outcome: each attempt that was retried, then the answer (an HTTP status or 2000-2005). */
export function outcomeEvents(
  where: Where,
  callout: Pick<StoredCallout, "step" | "label" | "url">,
  outcome: CalloutOutcome,
  attempts: readonly AttemptRecord[],
): NewEvent[] {
  const retried = attempts.slice(0, -1).map((a, i) =>
    event(
      where,
      "retried",
      callout.step,
      {
        attempt: i + 1,
        statusCode: a.statusCode,
        error: a.errorMessage,
        ms: a.finishedAt.getTime() - a.startedAt.getTime(),
      },
      callout.label,
      a.finishedAt,
    ),
  );
  const answered = event(
    where,
    "answered",
    callout.step,
    {
      statusCode: outcome.statusCode,
      responseBytes: outcome.responseBytes,
      ms: outcome.finishedAt.getTime() - outcome.sentAt.getTime(),
      attempts: Math.max(1, attempts.length),
      credential: credentialOf(callout.url),
      error: outcome.errorMessage,
    },
    callout.label,
    outcome.finishedAt,
  );
  return [...retried, answered];
}

/** A step's callback committed, and where it sent the chain: on to `next`, or to its end. */
export function callbackEvents(
  where: Where,
  ran: { step: number; callbackName: string; ms: number; stateBytes: number },
  next: { step: number; value: NewStep } | null,
): NewEvent[] {
  const callback = event(where, "callback", ran.step, {
    callback: ran.callbackName,
    ms: ran.ms,
    stateBytes: ran.stateBytes,
  });
  if (!next) return [callback, event(where, "completed", ran.step, null)];
  const advanced = event(where, "advanced", next.step, {
    callback: next.value.callbackName,
    requests: next.value.callouts.length,
  });
  return [callback, advanced, ...sentEvents(where, next.step, next.value)];
}

/** The chain ended without completing. */
export function endedEvent(
  where: Where,
  step: number,
  ending: { status: "failed"; code: string; message: string } | { status: "cancelled"; by: string },
): NewEvent {
  return ending.status === "failed"
    ? event(where, "failed", step, { code: ending.code, message: ending.message })
    : event(where, "cancelled", step, { by: ending.by });
}
