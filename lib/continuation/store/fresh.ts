import type { NewContinuation, NewEvent, NewStep, StoredCallout, StoredContinuation } from "./model";

/** A new step's callout as stored: `sent` (its creator sends it right after the commit), no outcome. */
export function sentCallout(x: NewStep["callouts"][number], step: number, at: Date): StoredCallout {
  return {
    ...x,
    step,
    status: "sent",
    statusCode: null,
    responseHeaders: {},
    responseBody: null,
    errorMessage: null,
    responseBytes: null,
    sentAt: at,
    finishedAt: null,
  };
}

/** A new chain as `create` stores it: what the engine holds without reading it back. */
export function freshContinuation(input: NewContinuation): StoredContinuation {
  const { step } = input;
  return {
    id: input.id,
    ownerId: input.ownerId,
    subject: input.subject,
    status: "pending",
    step: 0,
    version: 0,
    idempotencyScope: input.idempotencyScope ?? input.id,
    retryOf: input.retryOf ?? null,
    initial: { callbackName: step.callbackName, state: step.state, timeoutSeconds: step.timeoutSeconds },
    callbackName: step.callbackName,
    state: step.state,
    timeoutSeconds: step.timeoutSeconds,
    deadlineAt: step.deadlineAt,
    result: null,
    errorCode: null,
    errorMessage: null,
    summary: null,
    traceContext: input.traceContext ?? null,
    leaseOwner: input.lease.owner,
    leaseExpiresAt: input.lease.until,
    createdAt: input.createdAt,
    updatedAt: input.createdAt,
    finishedAt: null,
    callouts: step.callouts.map((x) => sentCallout(x, 0, input.createdAt)),
  };
}

/** The event `claim` writes: `owner` took a continuation over from `from` (null: nobody held it). */
export function takeoverEvent(
  c: { id: string; step: number },
  owner: string,
  from: string | null,
  at: Date,
): NewEvent {
  return {
    continuationId: c.id,
    at,
    kind: "taken_over",
    step: c.step,
    label: null,
    instance: owner,
    detail: { from },
  };
}
