import type { DbTransaction } from "@/lib/db";
import type { ContinuationSummary } from "./summary";

export type { DbTransaction };

export type ContinuationStatus = "pending" | "completed" | "failed" | "cancelled";
export type CalloutState = "pending" | "sent" | "done";

/** A callout as persisted. `url` is as the action wrote it: never holds secrets. */
export interface StoredCallout {
  id: string;
  step: number;
  label: string;
  method: string;
  url: string;
  headers: Record<string, string>;
  body: string | null;
  idempotencyKey: string;
  status: CalloutState;
  statusCode: number | null;
  responseHeaders: Record<string, string>;
  responseBody: string | null;
  errorMessage: string | null;
  requestBytes: number;
  responseBytes: number | null;
  sentAt: Date | null;
  finishedAt: Date | null;
}

/** A continuation as persisted, with the callouts of its current step. */
export interface StoredContinuation {
  id: string;
  ownerId: string;
  subject: string | null;
  status: ContinuationStatus;
  step: number;
  version: number;
  /** Idempotency keys are `<scope>.<step>.<label>`: the id, or the original's for a retry. */
  idempotencyScope: string;
  retryOf: string | null;
  /** The first step as started; null for rows that predate retries. */
  initial: { callbackName: string; state: string; timeoutSeconds: number } | null;
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
  createdAt: Date;
  updatedAt: Date;
  finishedAt: Date | null;
  callouts: StoredCallout[];
}

export interface NewCallout {
  label: string;
  method: string;
  url: string;
  headers: Record<string, string>;
  body: string | null;
  idempotencyKey: string;
  requestBytes: number;
}

/** One step of a chain, ready to persist. */
export interface NewStep {
  callbackName: string;
  state: string;
  timeoutSeconds: number;
  deadlineAt: Date;
  callouts: NewCallout[];
}

/** What a callout's send produced. */
export interface CalloutOutcome {
  /** The request headers to keep from now on (credentials redacted: the request is done). */
  requestHeaders: Record<string, string>;
  statusCode: number;
  headers: Record<string, string>;
  body: string | null;
  errorMessage: string | null;
  responseBytes: number | null;
  finishedAt: Date;
}

/**
 * Where continuations live. Every transition is written here before the runtime acts on it.
 * Conditional updates (`status`, `version`) make each transition happen at most once, whichever
 * process or task attempts it.
 */
export interface ContinuationStore {
  /** Persists a new continuation and its first step's callouts, atomically. */
  create(input: {
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
  }): Promise<void>;
  /** A continuation with its current step's callouts. */
  find(id: string): Promise<StoredContinuation | null>;
  /** The callouts of one step of a continuation. */
  findCallouts(id: string, step: number): Promise<StoredCallout[]>;
  /** The newest continuation for each subject, for one owner. */
  findLatestBySubject(ownerId: string, subjects: readonly string[]): Promise<StoredContinuation[]>;
  /**
   * Ids of unfinished continuations an instance may take over: no lease, an expired lease, or a
   * lease of `owner`'s own (a restarted instance picks its work up at once).
   */
  listClaimable(owner: string, now: Date, limit: number): Promise<string[]>;
  /** Takes (or keeps) the lease of an unfinished continuation, atomically; false if another instance holds it. */
  claimLease(id: string, owner: string, until: Date, now: Date): Promise<boolean>;
  /** Extends `owner`'s leases on these continuations. */
  renewLeases(ids: readonly string[], owner: string, until: Date): Promise<void>;
  /** Ends `owner`'s leases on these continuations now (shutdown), so another instance takes over at once. */
  releaseLeases(ids: readonly string[], owner: string, now: Date): Promise<void>;
  /** Continuations changed after `since` (any instance), for change events across instances. */
  listChangedSince(since: Date): Promise<{ id: string; ownerId: string; updatedAt: Date }[]>;
  /** Records that a callout is about to be sent (pending -> sent). */
  markSent(calloutId: string, at: Date): Promise<void>;
  /** Records a callout's response; false if one was already recorded. */
  recordOutcome(calloutId: string, outcome: CalloutOutcome): Promise<boolean>;
  /** Runs `work` in one transaction. */
  transaction<T>(work: (tx: DbTransaction) => Promise<T>, options: { timeoutMs: number }): Promise<T>;
  /**
   * In a transaction: takes the right to run this step's callback, for the lease owner only;
   * false if another run (here or on another instance) has it or the lease is gone.
   */
  claimStep(tx: DbTransaction, id: string, version: number, leaseOwner: string): Promise<boolean>;
  /** In a transaction: moves the chain on to its next step. */
  advance(tx: DbTransaction, id: string, nextStep: number, step: NewStep): Promise<void>;
  /** In a transaction: drops one step's response bodies and headers (sensitive callbacks). */
  forgetResponses(tx: DbTransaction, id: string, step: number): Promise<void>;
  /** In a transaction: completes the chain with its JSON result and writes its summary. */
  complete(tx: DbTransaction, id: string, result: string, at: Date): Promise<ContinuationSummary>;
  /**
   * Ends a pending continuation as failed or cancelled and writes its summary, atomically;
   * null if it had already ended.
   */
  finish(
    id: string,
    status: "failed" | "cancelled",
    error: { code: string; message: string },
    at: Date,
  ): Promise<ContinuationSummary | null>;
}
