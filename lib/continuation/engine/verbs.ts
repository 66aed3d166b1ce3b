import type { DomainTransaction } from "../define/register";
import { randomUUID } from "node:crypto";
import { continuationOf, type Continuation, type HttpMethod, type JsonValue } from "../define/continuation";
import type { RetryableHttpStatus } from "../egress/retry";
import { ContinuationError } from "../errors";
import type { Logger } from "../logger";
import { freshContinuation } from "../store/fresh";
import type { NewEvent, NewStep } from "../store/model";
import type { ContinuationStore } from "../store/store";
import type { ChangeFeed } from "./change-feed";
import type { Dispatcher } from "./dispatcher";
import { toView, type ContinuationView } from "./view";
import { endedEvent, startedEvents } from "./events";
import { currentTraceContext } from "./tracing";

/** What the owner verbs work over: the store, the dispatcher and this instance's lease. */
export interface VerbDeps {
  store: ContinuationStore<DomainTransaction>;
  dispatcher: Dispatcher;
  feed: ChangeFeed;
  prepare: (c: Continuation, scope: string, stepIndex: number, at: Date) => NewStep;
  instanceId: string;
  leaseMs: number;
  logger: Logger;
  now: () => Date;
  isClosed: () => boolean;
  /** Told of the events of every commit, after it (metrics). */
  committed: (events: readonly NewEvent[]) => void;
}

const closedError = () => new ContinuationError("RUNTIME_CLOSED", "The runtime is shutting down.");

/** Persists a new chain (its callouts as sent), then drives it from memory: no read back. */
export async function startContinuation(
  deps: VerbDeps,
  c: Continuation,
  owner: { ownerId: string; subject?: string | null },
  origin: { idempotencyScope?: string; retryOf?: string } = {},
): Promise<{ id: string }> {
  if (deps.isClosed()) throw closedError();
  const id = randomUUID();
  const createdAt = deps.now();
  const step = deps.prepare(c, origin.idempotencyScope ?? id, 0, createdAt);
  const lease = { owner: deps.instanceId, until: new Date(createdAt.getTime() + deps.leaseMs) };
  const events = startedEvents(
    { id, instance: deps.instanceId, at: createdAt },
    step,
    origin.retryOf ?? null,
  );
  const input = {
    id,
    ownerId: owner.ownerId,
    subject: owner.subject ?? null,
    step,
    createdAt,
    lease,
    traceContext: currentTraceContext(),
    events,
    ...origin,
  };
  await deps.store.create(input);
  deps.committed(events);
  const stored = freshContinuation(input);
  deps.logger.info(origin.retryOf ? "continuation.retried" : "continuation.started", {
    id,
    callback: step.callbackName,
    requests: step.callouts.length,
    ...(origin.retryOf ? { retryOf: origin.retryOf } : {}),
  });
  deps.feed.emit({
    id,
    ownerId: owner.ownerId,
    status: "pending",
    step: 0,
    kind: "created",
    view: toView(stored),
  });
  deps.dispatcher.adopt(stored);
  return { id };
}

/**
 * Cancels a pending continuation for its owner: in-flight callouts here are aborted (another
 * instance driving it learns through the change feed) and the callback never runs. Returns the
 * view afterwards, or null for anyone but the owner.
 */
export async function cancelContinuation(
  deps: VerbDeps,
  id: string,
  ownerId: string,
): Promise<ContinuationView | null> {
  const c = await deps.store.find(id);
  if (!c || c.ownerId !== ownerId) return null;
  const at = deps.now();
  const error = { code: "CANCELLED", message: "Cancelled before the ERP answered." };
  const events = [
    endedEvent({ id, instance: deps.instanceId, at }, c.step, { status: "cancelled", by: ownerId }),
  ];
  const summary = await deps.store.finish({ id, status: "cancelled", error, events, at });
  if (!summary) return toView(c);
  deps.committed(events);
  deps.dispatcher.drop(id, new ContinuationError("CANCELLED", "cancelled"));
  deps.logger.info("continuation.finished", { ...summary, errorCode: "CANCELLED" });
  const view = toView({
    ...c,
    status: "cancelled",
    errorCode: error.code,
    errorMessage: error.message,
    finishedAt: at,
    updatedAt: at,
    summary: JSON.stringify(summary),
  });
  deps.feed.emit({ id, ownerId, status: "cancelled", step: c.step, kind: "finished", view });
  return view;
}

/**
 * Starts a failed or cancelled chain again from its first step, as a new continuation with the
 * same idempotency scope (every request carries the original's `Idempotency-Key`). Returns the
 * new ticket, or null for anyone but the owner; throws `NOT_RETRYABLE` while it is pending or
 * once it completed.
 */
export async function retryContinuation(
  deps: VerbDeps,
  id: string,
  ownerId: string,
): Promise<{ id: string } | null> {
  if (deps.isClosed()) throw closedError();
  const original = await deps.store.find(id);
  if (!original || original.ownerId !== ownerId) return null;
  if ((original.status !== "failed" && original.status !== "cancelled") || !original.initial) {
    throw new ContinuationError(
      "NOT_RETRYABLE",
      original.status === "pending"
        ? "It is still running."
        : "Only a failed or cancelled request can be retried.",
    );
  }
  const first = await deps.store.findCallouts(id, 0);
  const { callbackName, state, timeoutSeconds } = original.initial;
  // Checked again as a new start: the configuration (credentials, limits) may have changed since.
  const again: Continuation = {
    ...continuationOf({ callbackName, state: JSON.parse(state) as JsonValue, timeoutSeconds }),
    requests: first.map((x) => ({
      label: x.label,
      method: x.method as HttpMethod,
      url: x.url,
      headers: x.headers,
      body: x.body ?? undefined,
      retryOn: x.retryOn as RetryableHttpStatus[],
      retry: x.retry ?? undefined,
    })),
  };
  return startContinuation(
    deps,
    again,
    { ownerId, subject: original.subject },
    {
      idempotencyScope: original.idempotencyScope,
      retryOf: id,
    },
  );
}
