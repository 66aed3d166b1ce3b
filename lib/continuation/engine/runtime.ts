import type { DomainTransaction } from "../define/register";
import { randomUUID } from "node:crypto";
import type { AnyCallback, Continuation, JsonValue } from "../define/continuation";
import {
  createBreakers,
  DEFAULT_BREAKER,
  type BreakerOptions,
  type BreakerTransition,
  type BreakerView,
  type ProbeResult,
} from "../egress/breaker";
import { createEndpointPolicy, type AllowedOrigin, type NamedCredential } from "../egress/endpoints";
import { createHttpAgent } from "../egress/http";
import { createCalloutSender } from "../egress/send-callout";
import { createProber } from "../egress/probe";
import { ContinuationError } from "../errors";
import { resolveLimits, type Limits } from "../limits";
import { silentLogger, type Logger } from "../logger";
import type { ContinuationStore } from "../store/store";
import type { ChangeEvent } from "./change-feed";
import { createChangeFeed } from "./change-feed";
import { createDispatcher } from "./dispatcher";
import { createLeases } from "./leases";
import { prepareStep } from "./prepare";
import { createRegistry } from "./registry";
import { runNow } from "./run-now";
import { cancelContinuation, retryContinuation, startContinuation, type VerbDeps } from "./verbs";
import { toRecord, toView, type ContinuationRecord, type ContinuationView } from "./view";
import type {
  AuditedEvent,
  ContinuationFilter,
  ContinuationStatus,
  EventKind,
  NewEvent,
} from "../store/model";
import { createInspector, type OperatorList, type Timeline } from "./inspect";

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

/** What the audit trail lists: starts (a retry's `started` names what it retries) and cancels. */
const AUDITED_KINDS: readonly EventKind[] = ["started", "cancelled"];

/** The most continuations `Runtime.listByOwner` answers with at once. */
export const MAX_LIST_LIMIT = 500;

/** Creates the runtime: the wiring of its parts (see docs/architecture.md). */
export function createRuntime(options: RuntimeOptions): Runtime {
  const limits = resolveLimits(options.limits);
  const { store } = options;
  const logger = options.logger ?? silentLogger;
  const now = options.now ?? (() => new Date());
  const instanceId = options.instanceId ?? randomUUID();
  const leaseMs = options.leaseMs ?? 15_000;
  const registry = createRegistry(options.callbacks);
  const endpoints = createEndpointPolicy({
    credentials: options.credentials ?? [],
    allowedOrigins: options.allowedOrigins,
  });
  const agent = createHttpAgent(endpoints.lookup, options.maxConnectionsPerOrigin ?? null);
  const breakerListeners = new Set<(t: BreakerTransition) => void>();
  const eventListeners = new Set<(events: readonly NewEvent[]) => void>();
  const breakers = createBreakers(
    (options.credentials ?? []).map((c) => c.name),
    options.breaker ?? DEFAULT_BREAKER,
    logger,
    () => now().getTime(),
    (t) => tell(breakerListeners, { ...t, instance: instanceId }),
  );
  const send = createCalloutSender({ endpoints, breakers, agent, limits, now });
  const probe = createProber({ credentials: options.credentials ?? [], endpoints, breakers, agent, now });
  const inspector = createInspector({ store, breakers: () => breakers.views(), now });
  /** Hands committed events to listeners (metrics): after the commit, never able to fail it. */
  const committed = (events: readonly NewEvent[]) => {
    if (events.length > 0) tell(eventListeners, events);
  };
  const prepare = (c: Continuation, scope: string, stepIndex: number, at: Date) =>
    prepareStep(c, {
      idempotencyScope: scope,
      stepIndex,
      limits,
      isRegistered: registry.has,
      resolveEndpoint: endpoints.resolve,
      now: at,
    });
  const crash = options.crash ?? (() => process.kill(process.pid, "SIGKILL"));
  const crashPoint = (point: string) => {
    if (options.crashAt !== point) return;
    logger.warn("runtime.crash_for_test", { point });
    crash();
  };
  const feed = createChangeFeed();
  const dispatcher = createDispatcher({
    store,
    registry,
    send,
    prepare,
    feed,
    limits,
    instanceId,
    callbackTimeoutMs: options.callbackTimeoutMs ?? 10_000,
    logger,
    now,
    crashPoint,
    committed,
  });
  const leases = createLeases({
    store,
    dispatcher,
    instanceId,
    leaseMs,
    recoveryIntervalMs: options.recoveryIntervalMs ?? 5_000,
    eventRetentionMs: options.eventRetentionMs ?? 30 * 24 * 60 * 60 * 1000,
    logger,
    now,
    committed,
  });
  let closed = false;
  let resumedOwn = false;
  const isClosed = () => closed;
  const verbs: VerbDeps = {
    store,
    dispatcher,
    feed,
    prepare,
    instanceId,
    leaseMs,
    logger,
    now,
    isClosed,
    committed,
  };

  const runtime: Runtime = {
    limits,
    instanceId,
    timeline: (id, viewer) => inspector.timeline(id, viewer),
    operations: {
      list(filter, limit) {
        assertListLimit(limit);
        return inspector.list(filter, limit);
      },
      audit(limit) {
        assertListLimit(limit);
        return store.listEventsOfKinds(AUDITED_KINDS, limit);
      },
    },
    onEvents: (listener) => subscribeTo(eventListeners, listener),
    onBreakerTransition: (listener) => subscribeTo(breakerListeners, listener),
    probeBreaker: (credential) => probe(credential),
    start: (c, owner) => startContinuation(verbs, c, owner),
    async view(id, ownerId) {
      const c = await store.find(id);
      return c && c.ownerId === ownerId ? toView(c) : null;
    },
    latestBySubject: async (ownerId, subjects) =>
      (await store.findLatestBySubject(ownerId, subjects)).map(toView),
    async listByOwner(ownerId, { statuses, limit }) {
      assertListLimit(limit);
      return (await store.listByOwner(ownerId, { statuses, limit })).map(toRecord);
    },
    subscribe: (listener) => feed.subscribe(listener),
    async resumePending() {
      if (closed) return 0;
      // The first pass also takes this instance's own leases from before a restart.
      const taken = await leases.resume(!resumedOwn);
      resumedOwn = true;
      return taken;
    },
    async run() {
      feed.relayFrom(store, (change) => {
        // Finished elsewhere (cancelled on another instance, say): stop what is in flight here.
        if (change.status !== "pending")
          dispatcher.drop(change.id, new ContinuationError("FINISHED", change.status));
      });
      await runtime.resumePending();
      leases.keep();
    },
    onClose: (listener) => feed.onClose(listener),
    cancel: (id, ownerId) => cancelContinuation(verbs, id, ownerId),
    retry: (id, ownerId) => retryContinuation(verbs, id, ownerId),
    runNow: (c, owner) => runNow({ store, registry, send, prepare, limits, now, isClosed }, c, owner),
    breakers: () => breakers.views(),
    resetBreaker: (credential) => breakers.reset(credential),
    stats: () => dispatcher.stats(),
    waitUntilFinished: (id, ownerId, timeoutMs = 60_000) =>
      waitUntilFinished(runtime, id, ownerId, timeoutMs),
    async close() {
      if (closed) return;
      closed = true;
      const handedOver = await dispatcher.close();
      await leases.stop();
      await agent.destroy();
      feed.close();
      logger.info("runtime.closed", { instanceId, handedOver });
    },
  };
  return runtime;
}

function assertListLimit(limit: number): void {
  if (!Number.isInteger(limit) || limit < 1 || limit > MAX_LIST_LIMIT) {
    throw new ContinuationError(
      "INVALID_LIST_LIMIT",
      `List 1 to ${MAX_LIST_LIMIT} continuations, not ${limit}.`,
    );
  }
}

function subscribeTo<T>(listeners: Set<(value: T) => void>, listener: (value: T) => void): () => void {
  listeners.add(listener);
  return () => void listeners.delete(listener);
}

/** Calls every listener; one that throws is skipped, never the caller's problem. */
function tell<T>(listeners: ReadonlySet<(value: T) => void>, value: T): void {
  for (const listener of listeners) {
    try {
      listener(value);
    } catch {
      // A listener's failure (a metrics bug) must not break the runtime.
    }
  }
}

function waitUntilFinished(
  runtime: Runtime,
  id: string,
  ownerId: string,
  timeoutMs: number,
): Promise<ContinuationView> {
  return new Promise<ContinuationView>((resolve, reject) => {
    let settled = false;
    const finish = (settle: () => void) => {
      if (settled) return;
      settled = true;
      clearTimeout(timer);
      unsubscribe();
      settle();
    };
    const check = async () => {
      const view = await runtime.view(id, ownerId);
      if (!view) return finish(() => reject(new ContinuationError("NOT_FOUND", `No continuation ${id}.`)));
      if (view.status !== "pending") finish(() => resolve(view));
    };
    const unsubscribe = runtime.subscribe((change) => {
      if (change.id !== id || change.status === "pending") return;
      if (change.view && change.ownerId === ownerId) finish(() => resolve(change.view!));
      else void check().catch((e: unknown) => finish(() => reject(e)));
    });
    const timer = setTimeout(
      () => finish(() => reject(new ContinuationError("WAIT_TIMEOUT", `Continuation ${id} still pending.`))),
      timeoutMs,
    );
    void check().catch((e: unknown) => finish(() => reject(e)));
  });
}
