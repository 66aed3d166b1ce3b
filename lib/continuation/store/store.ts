import type {
  CalloutRecord,
  AuditedEvent,
  ContinuationFilter,
  EventKind,
  ContinuationChange,
  ContinuationStatus,
  FinishedStatus,
  NewContinuation,
  NewEvent,
  NewStep,
  StoredCallout,
  StoredContinuation,
  StoredEvent,
} from "./model";
import type { ContinuationSummary } from "./summary";

/** Where a step's callback sent the chain: on to another step, or to its end with a result. */
export type StepDecision = (
  | { kind: "advance"; step: number; next: NewStep }
  | { kind: "complete"; result: string; summary: ContinuationSummary }
) & {
  /** The timeline entries of the transition (callback, advanced or completed, sent), in its commit. */
  events: readonly NewEvent[];
};

/** One step's commit: the callback's writes, the step's last outcomes and the transition, atomically. */
export interface StepCommit {
  id: string;
  /** The step whose callback ran. */
  step: number;
  /** The version the driver holds: the commit happens only while it is unchanged. */
  version: number;
  /** Only the lease owner may commit (a driver whose lease another instance took is fenced off). */
  leaseOwner: string;
  /** Outcomes not recorded yet (the step's last responses), recorded in the same commit. */
  records: readonly CalloutRecord[];
  /** Drop this step's response bodies and headers (a sensitive callback's secrets). */
  forgetResponses: boolean;
  /** The timeline entries of `records` (retried, answered), written with them. */
  events: readonly NewEvent[];
  at: Date;
}

/** How a store hands a domain its transaction: the handle type is the app's, never the runtime's. */
export interface TransactionHost<Tx, Connection> {
  /**
   * Runs `work` with the domain's handle enlisted in the store's open transaction on `connection`
   * (the domain's writes commit or roll back with the step). Must not begin or commit by itself.
   */
  enlist<T>(connection: Connection, work: (tx: Tx) => Promise<T>): Promise<T>;
}

/** A continuation `claim` took, with who held it before (null: nobody, e.g. released at shutdown). */
export type ClaimedContinuation = StoredContinuation & { takenFrom: string | null };

/** Thrown inside `runStep` when the transition was refused (stale version, lost lease, finished). */
export class StaleStepError extends Error {
  constructor(id: string) {
    super(`Continuation ${id} moved on before this step could commit.`);
    this.name = "StaleStepError";
  }
}

/**
 * Where continuations live: the contract every store implements (SQLite, PostgreSQL, memory) and
 * `storeConformance` checks. Every transition is written before the runtime acts on it, and every
 * transition is conditional (`status`, `version`, lease owner), so each happens at most once
 * whichever process or task attempts it. `Tx` is the handle a callback writes domain data
 * through; the store never looks inside it.
 */
export interface ContinuationStore<Tx = unknown> {
  /** Persists a new chain, its first step's callouts (as `sent`) and `input.events`, in one commit. */
  create(input: NewContinuation): Promise<void>;
  /** A continuation with its current step's callouts (every step's with `allSteps`). */
  find(id: string, options?: { allSteps?: boolean }): Promise<StoredContinuation | null>;
  /** The callouts of one step of a continuation, by label. */
  findCallouts(id: string, step: number): Promise<StoredCallout[]>;
  /** The owner's newest continuation for each subject, with its current step's callouts. */
  findLatestBySubject(ownerId: string, subjects: readonly string[]): Promise<StoredContinuation[]>;
  /**
   * The owner's continuations whose status is in `statuses`, newest first (`createdAt`, then id
   * descending), at most `limit`, with their current step's callouts. Only the latest attempt of
   * each request is listed: a continuation a retry replaced (a newer one of the owner's with its
   * idempotency scope) is left out whatever the retry's status, so the answer names each intent
   * once. Callers pass a positive `limit`; an empty `statuses` lists nothing.
   */
  listByOwner(
    ownerId: string,
    options: { statuses: readonly ContinuationStatus[]; limit: number },
  ): Promise<StoredContinuation[]>;
  /**
   * Everyone's continuations matching `filter`, newest first, at most `limit`, with their current
   * step's callouts (the operators' console; retries and their originals are both listed).
   */
  search(filter: ContinuationFilter, limit: number): Promise<StoredContinuation[]>;
  /** How many continuations match `filter` (its `statuses` ignored), by status. */
  countByStatus(filter: ContinuationFilter): Promise<Record<ContinuationStatus, number>>;
  /** A continuation's timeline, in the order it was written (`seq`). */
  listEvents(id: string): Promise<StoredEvent[]>;
  /**
   * The newest events of `kinds` across everyone's continuations (the audit trail), at most
   * `limit`, newest first, each with its continuation's owner and first callback.
   */
  listEventsOfKinds(kinds: readonly EventKind[], limit: number): Promise<AuditedEvent[]>;
  /**
   * Deletes the timelines of continuations created in [`from`, `before`) (a timeline goes whole,
   * never in part; the continuations stay); returns how many stored entries went (0: none). The
   * range keeps each pass to the continuations created since the last one.
   */
  pruneEvents(from: Date, before: Date): Promise<number>;
  /**
   * Takes the lease of up to `limit` unfinished continuations that no live instance holds (no
   * lease, or an expired one; with `includeOwn`, also `owner`'s own from before a restart) and
   * returns them with every step's callouts. Never returns what another live instance holds.
   * Writes a `taken_over` event (instance `owner`, detail `from`: the previous holder or null)
   * for each one another instance held or released, in the same commit.
   */
  claim(input: {
    owner: string;
    until: Date;
    now: Date;
    limit: number;
    includeOwn: boolean;
  }): Promise<ClaimedContinuation[]>;
  /** Extends every lease `owner` holds on an unfinished continuation; returns how many. */
  renewLeases(owner: string, until: Date): Promise<number>;
  /** Gives up every lease `owner` holds (shutdown), so another instance takes over at once. */
  releaseLeases(owner: string): Promise<number>;
  /** Records a callout's outcome and its timeline entries in one commit; false (nothing written) if one was already recorded. */
  recordOutcome(record: CalloutRecord, events: readonly NewEvent[]): Promise<boolean>;
  /**
   * Runs a step's callback and its transition in one transaction: `work` gets the domain's
   * handle; the outcomes in `commit.records` and what `work` decided are written only if the
   * continuation is still pending at `commit.version` under `commit.leaseOwner`. Answers
   * "stale" (and rolls `work`'s writes back) otherwise. Rethrows what `work` throws, rolled back.
   */
  runStep(commit: StepCommit, work: (tx: Tx) => Promise<StepDecision>): Promise<StepDecision | "stale">;
  /**
   * Ends a pending continuation as failed or cancelled, records `records`, writes its summary and
   * `events`, in one commit; null (nothing written) if it had already ended.
   */
  finish(input: {
    id: string;
    status: Exclude<FinishedStatus, "completed">;
    error: { code: string; message: string };
    records?: readonly CalloutRecord[];
    events: readonly NewEvent[];
    at: Date;
  }): Promise<ContinuationSummary | null>;
  /**
   * Changes made by other processes sharing this store (PostgreSQL: LISTEN/NOTIFY). A store
   * used by one process only may never call the listener. Returns the unsubscribe function.
   */
  watch(listener: (change: ContinuationChange) => void): () => void;
  /**
   * Runs `work` in a transaction of the domain's own, with no transition (the synchronous path
   * and the test harness): its writes commit if it resolves and roll back if it throws.
   */
  transaction<T>(work: (tx: Tx) => Promise<T>): Promise<T>;
  /** Releases connections and listeners. */
  close(): Promise<void>;
}
