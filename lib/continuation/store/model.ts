import type { RequestRetry } from "../egress/retry";

/**
 * The shapes the store persists and hands back. Plain data: no database or ORM types, so every
 * store implementation (SQLite, PostgreSQL, memory) speaks the same language.
 */

export type ContinuationStatus = "pending" | "completed" | "failed" | "cancelled";
export type FinishedStatus = Exclude<ContinuationStatus, "pending">;
/** `sent`: written before the request leaves (recovery re-sends it); `done`: its outcome is recorded. */
export type CalloutState = "pending" | "sent" | "done";

/** A callout as persisted. `url` is as the action wrote it: never holds secrets. */
export interface StoredCallout extends NewCallout {
  step: number;
  status: CalloutState;
  statusCode: number | null;
  responseHeaders: Record<string, string>;
  responseBody: string | null;
  errorMessage: string | null;
  responseBytes: number | null;
  sentAt: Date | null;
  finishedAt: Date | null;
}

/** The first step as started, kept so that a failed chain can be retried from the beginning. */
export interface InitialStep {
  callbackName: string;
  state: string;
  timeoutSeconds: number;
}

/** A continuation as persisted, with the callouts of its current step (or of every step, see `load`). */
export interface StoredContinuation {
  id: string;
  ownerId: string;
  subject: string | null;
  status: ContinuationStatus;
  step: number;
  /** Bumped by every step commit: two runs of one step cannot both commit. */
  version: number;
  /** Idempotency keys are `<scope>.<step>.<label>`: the id, or the original's for a retry. */
  idempotencyScope: string;
  retryOf: string | null;
  /** The first step as started; null for rows that predate retries. */
  initial: InitialStep | null;
  callbackName: string;
  /** Serialized JSON; re-validated by the callback's schema before use. */
  state: string;
  timeoutSeconds: number;
  deadlineAt: Date;
  result: string | null;
  errorCode: string | null;
  errorMessage: string | null;
  /** Serialized `ContinuationSummary`, once it has ended. */
  summary: string | null;
  /** W3C `traceparent` of the action that started it (its spans join that trace); null untraced. */
  traceContext: string | null;
  /** The instance driving it and until when; null when none holds it. */
  leaseOwner: string | null;
  leaseExpiresAt: Date | null;
  createdAt: Date;
  updatedAt: Date;
  finishedAt: Date | null;
  callouts: StoredCallout[];
}

/** A callout of a new step, validated against the limits. */
export interface NewCallout {
  /** Chosen by the engine, so it can record the outcome without reading the row back. */
  id: string;
  label: string;
  method: string;
  url: string;
  headers: Record<string, string>;
  body: string | null;
  /** `<scope>.<step>.<label>`: the same on every (re)send. */
  idempotencyKey: string;
  /** HTTP statuses the action declared this request may be retried on. */
  retryOn: number[];
  /** The request's own attempts and backoff; null: the runtime's default. */
  retry: RequestRetry | null;
  requestBytes: number;
}

/** One step of a chain, validated against the limits and ready to persist. */
export interface NewStep {
  callbackName: string;
  state: string;
  timeoutSeconds: number;
  deadlineAt: Date;
  callouts: NewCallout[];
}

/** A new chain. Its first step's callouts are persisted as `sent`: the creator sends them at once. */
export interface NewContinuation {
  id: string;
  ownerId: string;
  subject: string | null;
  step: NewStep;
  /** Defaults to the id. */
  idempotencyScope?: string;
  retryOf?: string;
  /** The runtime's clock (the deadline counts from it). */
  createdAt: Date;
  /** The instance that drives it, and until when (renewed while it works). */
  lease: { owner: string; until: Date };
  /** W3C `traceparent` of the starting action's span, if traced. */
  traceContext?: string | null;
  /** Its timeline's first entries (and `retried_as` on the original of a retry), in the same commit. */
  events: readonly NewEvent[];
}

/** What a callout's send produced, as recorded. */
export interface CalloutOutcome {
  /** The request headers to keep from now on (credentials redacted: the request is done). */
  requestHeaders: Record<string, string>;
  statusCode: number;
  headers: Record<string, string>;
  body: string | null;
  errorMessage: string | null;
  responseBytes: number | null;
  sentAt: Date;
  finishedAt: Date;
}

/** A recorded outcome, addressed to its callout. */
export interface CalloutRecord {
  calloutId: string;
  outcome: CalloutOutcome;
}

/** A change to a continuation, as subscribers receive it: enough to act without reading it. */
export interface ContinuationChange {
  id: string;
  ownerId: string;
  status: ContinuationStatus;
  step: number;
  /** What happened: created, a callout's outcome recorded, moved on, finished, lease released. */
  kind: "created" | "recorded" | "advanced" | "finished";
}

/**
 * What a continuation's timeline records, one kind per transition (each is written in the
 * transaction of the transition it records, see `lib/continuation/engine/events.ts`):
 * - `started`: created by its owner (detail: callback, requests, retryOf?).
 * - `sent`: a callout persisted as sent (label; detail: method, url, idempotencyKey, requestBytes).
 * - `retried`: one attempt of a callout that was retried (label; detail: attempt, statusCode, error?).
 * - `answered`: a callout's outcome, an HTTP status or a 2000-2005 code (label; detail: statusCode,
 *   responseBytes, ms, attempts, credential, error?).
 * - `callback`: a step's callback committed (detail: callback, ms, stateBytes).
 * - `advanced`: the chain moved on to `step` (detail: callback, requests).
 * - `completed`, `failed` (detail: code, message), `cancelled` (detail: by).
 * - `retried_as`: a retry replaced it (detail: id of the retry).
 * - `taken_over`: `instance` took it over after its holder's lease ended (detail: from, null when released).
 */
export type EventKind =
  | "started"
  | "sent"
  | "retried"
  | "answered"
  | "callback"
  | "advanced"
  | "completed"
  | "failed"
  | "cancelled"
  | "retried_as"
  | "taken_over";

/** One timeline entry to write. `detail` holds codes, sizes and durations: never secrets or bodies. */
export interface NewEvent {
  continuationId: string;
  at: Date;
  kind: EventKind;
  step: number;
  label: string | null;
  /** The runtime instance that wrote it. */
  instance: string | null;
  detail: Record<string, string | number | boolean | null> | null;
}

/** A timeline entry as stored; `seq` orders entries written at the same instant. */
export interface StoredEvent extends NewEvent {
  seq: number;
}

/** Which continuations an operator lists (every field optional: all of them). */
export interface ContinuationFilter {
  statuses?: readonly ContinuationStatus[];
  /** The chain's first callback or its current one. */
  callbackName?: string;
  ownerId?: string;
  /** Created at or after. */
  from?: Date;
  /** Created before. */
  to?: Date;
}

/** An event with whose work it was (the audit trail). */
export interface AuditedEvent extends StoredEvent {
  ownerId: string;
  /** The chain's first callback (what was started). */
  callbackName: string;
}
