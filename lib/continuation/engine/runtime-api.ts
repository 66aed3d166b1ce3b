import type { DomainTransaction } from "../define/register";
import type { AnyCallback, Continuation, JsonValue } from "../define/continuation";
import type { BreakerOptions, BreakerTransition, BreakerView, ProbeResult } from "../egress/breaker";
import type { AllowedOrigin, NamedCredential } from "../egress/endpoints";
import type { Limits } from "../limits";
import type { Logger } from "../logger";
import type { AuditedEvent, ContinuationFilter, ContinuationStatus, NewEvent } from "../store/model";
import type { ContinuationStore } from "../store/store";
import type { ChangeEvent } from "./change-feed";
import type { OperatorList, Timeline } from "./inspect";
import type { ContinuationRecord, ContinuationView } from "./view";

// The runtime's public contract: what `createRuntime` (./runtime.ts) takes and gives.

export interface RuntimeOptions {
  /** Where continuations live (SQLite, PostgreSQL or memory); its transactions host the callbacks' writes. */
  store: ContinuationStore<DomainTransaction>;
  /** Every callback that may run: the registry recovery relies on after a restart. */
  callbacks: readonly AnyCallback[];
  credentials?: readonly NamedCredential[];
  /** Absolute origins callouts may reach besides the named credentials' own. */
  allowedOrigins?: readonly AllowedOrigin[];
  limits?: Partial<Limits>;
  /** Open sockets per remote origin at most (default: no cap). */
  maxConnectionsPerOrigin?: number | null;
  /** When each named credential's circuit breaker opens (default: 5 failures in a row, 30 s open). */
  breaker?: BreakerOptions;
  logger?: Logger;
  /** How long a callback may run (default 10 s); past it the step fails with `CALLBACK_TIMEOUT`. */
  callbackTimeoutMs?: number;
  /**
   * This instance's name in leases. Keep it stable across restarts of one instance (a restarted
   * instance then takes its own work back at once) and distinct between instances. Default: random.
   */
  instanceId?: string;
  /** How long a lease lasts without renewal (default 15 s): the longest a dead instance's work waits. */
  leaseMs?: number;
  /** How often `run()` looks for work whose lease expired (default 5 s). */
  recoveryIntervalMs?: number;
  /** How long timeline events are kept (default 30 days); `run()` prunes older ones hourly. */
  eventRetentionMs?: number;
  /**
   * Test hook for the crash matrix: calls `crash()` (default: SIGKILL this process) at a named
   * point. Points: `after-mark-sent:<label>` (persisted as sent, not yet sent),
   * `after-response:<label>` (the answer is in; recorded unless it is the step's last, which rides
   * in the step's commit), `in-callback:<callback>`, `after-commit:<callback>`. Never set in production.
   */
  crashAt?: string;
  crash?: () => void;
  now?: () => Date;
}

export interface Runtime {
  readonly limits: Readonly<Limits>;
  /**
   * Validates and persists a continuation, sends its callouts and returns at once. Throws a
   * `LimitExceededError`, `InvalidRequestError`, `UnknownCallbackError` or
   * `EndpointNotAllowedError` (nothing is persisted then), or `RUNTIME_CLOSED`.
   */
  start(continuation: Continuation, owner: { ownerId: string; subject?: string }): Promise<{ id: string }>;
  /** The owner's view of a continuation; null when it does not exist or belongs to someone else. */
  view(id: string, ownerId: string): Promise<ContinuationView | null>;
  /** The owner's newest continuation for each subject. */
  latestBySubject(ownerId: string, subjects: readonly string[]): Promise<ContinuationView[]>;
  /**
   * The owner's continuations whose status is in `statuses`, newest first, at most `limit`
   * (an integer 1..`MAX_LIST_LIMIT`, else `INVALID_LIST_LIMIT` is thrown): the latest attempt of
   * each request only (a continuation a retry replaced is left out; the retry stands for it).
   * Server-side only: each record carries the continuation's state (see `ContinuationRecord`);
   * send pages its `view`.
   */
  listByOwner(
    ownerId: string,
    options: { statuses: readonly ContinuationStatus[]; limit: number },
  ): Promise<ContinuationRecord[]>;
  /**
   * Called after every transition of any continuation (this instance's, and other instances'
   * through the store's change feed) with what changed; returns the unsubscribe function.
   */
  subscribe(listener: (change: ChangeEvent) => void): () => void;
  /**
   * Takes over every unfinished continuation no live instance holds (no lease, an expired one,
   * or this instance's own from before a restart) and carries it on from its persisted state:
   * recorded responses are never sent again, the others are re-sent with the same idempotency
   * key (or become 2000 past their deadline), a callback that did not commit runs again.
   * Returns how many it took.
   */
  resumePending(): Promise<number>;
  /**
   * Runs the background work of a long-lived instance: resumes at once, then renews its leases,
   * takes over expired ones every `recoveryIntervalMs`, and relays other instances' changes to
   * subscribers. Stopped by `close()`.
   */
  run(): Promise<void>;
  /** Called once when the runtime closes (event streams end then). */
  onClose(listener: () => void): () => void;
  /** See `cancelContinuation`: cancels a pending continuation for its owner. */
  cancel(id: string, ownerId: string): Promise<ContinuationView | null>;
  /** See `retryContinuation`: starts a failed or cancelled chain again with the same idempotency keys. */
  retry(id: string, ownerId: string): Promise<{ id: string } | null>;
  /** See `runNow`: the whole chain while the caller waits (the lab's synchronous modes). */
  runNow(
    continuation: Continuation,
    owner: { ownerId: string; timeoutMs: number; signal?: AbortSignal },
  ): Promise<JsonValue>;
  /** This instance's name in leases and timelines. */
  readonly instanceId: string;
  /**
   * A continuation's timeline (every step's callouts without bodies, and its events), for its
   * owner or for an operator; null for anyone else or when it does not exist.
   */
  timeline(id: string, viewer: { ownerId: string } | { operator: true }): Promise<Timeline | null>;
  /** Operators' reads: everyone's continuations. Only for code that checked the caller is an operator. */
  readonly operations: {
    /** Matches of `filter`, stuck ones first then newest first, at most `limit` (1..`MAX_LIST_LIMIT`), and counts by status. */
    list(filter: ContinuationFilter, limit: number): Promise<OperatorList>;
    /** Who started, cancelled and retried what: the newest such events, at most `limit` (1..`MAX_LIST_LIMIT`). */
    audit(limit: number): Promise<AuditedEvent[]>;
  };
  /**
   * Called with the events of each transition this instance committed, after the commit (metrics
   * count them); returns the unsubscribe function. Listeners must not throw or block.
   */
  onEvents(listener: (events: readonly NewEvent[]) => void): () => void;
  /** Called when a breaker of this instance changes state (history, metrics); returns the unsubscribe function. */
  onBreakerTransition(listener: (transition: BreakerTransition) => void): () => void;
  /** Every named credential's circuit breaker. */
  breakers(): BreakerView[];
  /**
   * Sends one request to the credential's `probePath` past its breaker (an operator's manual
   * probe): a 2xx closes the breaker. Null for an unknown credential or one without a probe path.
   */
  probeBreaker(credential: string): Promise<ProbeResult | null>;
  /**
   * Closes one named credential's breaker and forgets its failures (the lab does this before each
   * run of its own credential). False when no such credential is configured.
   */
  resetBreaker(credential: string): boolean;
  /** What this instance holds right now: continuations waiting on it, callouts in flight. */
  stats(): { suspended: number; calloutsInFlight: number };
  /** Resolves once the continuation has finished (tests, tools); rejects `WAIT_TIMEOUT` or `NOT_FOUND`. */
  waitUntilFinished(id: string, ownerId: string, timeoutMs?: number): Promise<ContinuationView>;
  /**
   * Graceful shutdown: takes no new work, lets callbacks in progress finish, abandons in-flight
   * callouts (not recorded; re-sent by whichever instance takes over) and releases its leases so
   * another instance takes over at once. Never waits for a callout.
   */
  close(): Promise<void>;
}

/** The most continuations `Runtime.listByOwner` answers with at once. */
export const MAX_LIST_LIMIT = 500;
