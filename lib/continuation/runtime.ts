import { EventEmitter } from "node:events";
import { randomUUID } from "node:crypto";
import type { AnyCallback, Continuation, HttpMethod, JsonValue } from "./continuation";
import { continuationOf, isContinuation } from "./continuation";
import { createBreakers, DEFAULT_BREAKER, type BreakerOptions, type BreakerView } from "./breaker";
import {
  createEndpointPolicy,
  type AllowedOrigin,
  type NamedCredential,
  type ResolvedEndpoint,
} from "./credentials";
import { ChainTooLongError, ContinuationError, InvalidRequestError, UnknownCallbackError } from "./errors";
import { createHttpAgent, sendHttp, type HttpOutcome } from "./http";
import { resolveLimits, type Limits } from "./limits";
import { silentLogger, type Logger } from "./logger";
import { calloutResponse, responsesByLabel, type CalloutResponse } from "./responses";
import { CalloutStatus } from "./status-codes";
import type { ContinuationSummary } from "./summary";
import { prepareStep } from "./validate";
import type {
  ContinuationStatus,
  ContinuationStore,
  DbTransaction,
  StoredCallout,
  StoredContinuation,
} from "./store";

/** A continuation as its owner sees it (the status API's body). */
export interface ContinuationView {
  id: string;
  status: ContinuationStatus;
  /** 0-based index of the current continuation in its chain. */
  step: number;
  subject: string | null;
  createdAt: string;
  updatedAt: string;
  finishedAt: string | null;
  deadlineAt: string;
  result: JsonValue | null;
  error: { code: string; message: string } | null;
  /** The current step's callouts and how far each has got. */
  callouts: { label: string; state: StoredCallout["status"]; statusCode: number | null }[];
  /** Timings and sizes of every callout, once it has ended. */
  summary: ContinuationSummary | null;
}

export interface RuntimeOptions {
  store: ContinuationStore;
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
  /** How long a callback's transaction may take (default 10 s). */
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
  /** How often `run()` reads changes other instances made, while someone listens (default 1 s). */
  watchIntervalMs?: number;
  /**
   * Test hook for the crash matrix: calls `crash()` (default: SIGKILL this process) at a named
   * point. Points: `after-mark-sent:<label>`, `after-response:<label>`, `in-callback:<callback>`,
   * `after-commit:<callback>`. Never set in production.
   */
  crashAt?: string;
  crash?: () => void;
  now?: () => Date;
}

export interface Runtime {
  readonly limits: Readonly<Limits>;
  /**
   * Validates and persists a continuation, schedules its callouts and returns at once.
   * Throws a `LimitExceededError`, `InvalidRequestError`, `UnknownCallbackError` or
   * `EndpointNotAllowedError` (nothing is persisted then).
   */
  start(continuation: Continuation, owner: { ownerId: string; subject?: string }): Promise<{ id: string }>;
  /** The owner's view of a continuation; null when it does not exist or belongs to someone else. */
  view(id: string, ownerId: string): Promise<ContinuationView | null>;
  /** The owner's newest continuation for each subject. */
  latestBySubject(ownerId: string, subjects: readonly string[]): Promise<ContinuationView[]>;
  /** Called after every transition of any continuation; returns the unsubscribe function. */
  subscribe(listener: (change: { id: string; ownerId: string }) => void): () => void;
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
  /**
   * Cancels a pending continuation for its owner: in-flight callouts are aborted (the server sees
   * the connection close) and the callback never runs. Returns the view afterwards (its status
   * says whether it was cancelled or had already ended), or null for anyone but the owner.
   */
  cancel(id: string, ownerId: string): Promise<ContinuationView | null>;
  /**
   * Starts a failed or cancelled chain again from its first step, as a new continuation with the
   * same idempotency scope: every request carries the same `Idempotency-Key` as in the original,
   * so the remote system does not do twice what it already did. Returns the new ticket, or null
   * for anyone but the owner; throws `NOT_RETRYABLE` while it is pending or once it completed.
   */
  retry(id: string, ownerId: string): Promise<{ id: string } | null>;
  /**
   * The naive way, for comparison (the lab's synchronous modes): runs the whole chain while the
   * caller waits, with the same validation, named credentials, allow-list and circuit breakers,
   * each callback in its own transaction. Nothing about the chain is persisted; what the callbacks
   * write is. `timeoutMs` bounds the whole chain (a step that does not finish in time gets
   * 2000 responses). Returns the last callback's value; throws what a callback throws.
   */
  runNow(
    continuation: Continuation,
    owner: { ownerId: string; timeoutMs: number; signal?: AbortSignal },
  ): Promise<JsonValue>;
  /** Every named credential's circuit breaker. */
  breakers(): BreakerView[];
  /** What this instance holds right now: continuations waiting on it, callouts in flight. */
  stats(): { suspended: number; calloutsInFlight: number };
  /** Resolves once the continuation has finished (tests, tools). */
  waitUntilFinished(id: string, ownerId: string, timeoutMs?: number): Promise<ContinuationView>;
  /**
   * Graceful shutdown: takes no new work, lets callbacks in progress finish, abandons in-flight
   * callouts (not recorded; re-sent by whichever instance takes over) and releases its leases so
   * another instance takes over at once. Never waits for a callout.
   */
  close(): Promise<void>;
}

const IDEMPOTENCY_HEADER = "idempotency-key";
export function toView(c: StoredContinuation): ContinuationView {
  return {
    id: c.id,
    status: c.status,
    step: c.step,
    subject: c.subject,
    createdAt: c.createdAt.toISOString(),
    updatedAt: c.updatedAt.toISOString(),
    finishedAt: c.finishedAt?.toISOString() ?? null,
    deadlineAt: c.deadlineAt.toISOString(),
    result: c.result === null ? null : (JSON.parse(c.result) as JsonValue),
    error: c.errorCode ? { code: c.errorCode, message: c.errorMessage ?? c.errorCode } : null,
    callouts: c.callouts.map((x) => ({ label: x.label, state: x.status, statusCode: x.statusCode })),
    summary: c.summary === null ? null : (JSON.parse(c.summary) as ContinuationSummary),
  };
}

/** Creates the runtime: validation, persistence, the dispatcher and the callback runner. */
export function createRuntime(options: RuntimeOptions): Runtime {
  const limits: Limits = resolveLimits(options.limits);
  const { store } = options;
  const logger = options.logger ?? silentLogger;
  const now = options.now ?? (() => new Date());
  const callbackTimeoutMs = options.callbackTimeoutMs ?? 10_000;
  const endpoints = createEndpointPolicy({
    credentials: options.credentials ?? [],
    allowedOrigins: options.allowedOrigins,
  });
  const registry = new Map<string, AnyCallback>();
  for (const callback of options.callbacks) {
    if (registry.has(callback.name) && registry.get(callback.name) !== callback) {
      throw new InvalidRequestError(`Two callbacks are registered under the name "${callback.name}".`);
    }
    registry.set(callback.name, callback);
  }

  const instanceId = options.instanceId ?? randomUUID();
  const leaseMs = options.leaseMs ?? 15_000;
  const recoveryIntervalMs = options.recoveryIntervalMs ?? 5_000;
  const watchIntervalMs = options.watchIntervalMs ?? 1_000;
  const crash = options.crash ?? (() => process.kill(process.pid, "SIGKILL"));
  const crashPoint = (point: string) => {
    if (options.crashAt === point) {
      logger.warn("runtime.crash_for_test", { point });
      crash();
    }
  };
  const leaseUntil = () => new Date(now().getTime() + leaseMs);
  /** Continuations this instance holds the lease of. */
  const owned = new Set<string>();
  const timers: NodeJS.Timeout[] = [];

  const events = new EventEmitter().setMaxListeners(0);
  const agent = createHttpAgent(endpoints.lookup, options.maxConnectionsPerOrigin ?? null);
  const breakers = createBreakers(
    (options.credentials ?? []).map((c) => c.name),
    options.breaker ?? DEFAULT_BREAKER,
    logger,
    () => now().getTime(),
  );
  const inFlight = new Map<string, { continuationId: string; controller: AbortController }>();
  const driving = new Map<string, Promise<void>>();
  let closed = false;

  const emit = (id: string, ownerId: string) => events.emit("change", { id, ownerId });

  const prepare = (c: Continuation, idempotencyScope: string, stepIndex: number, at = now()) =>
    prepareStep(c, {
      idempotencyScope,
      stepIndex,
      limits,
      isRegistered: (name) => registry.has(name),
      resolveEndpoint: endpoints.resolve,
      now: at,
    });

  /**
   * Runs `driveOnce` for a continuation, one at a time per continuation in this process.
   * `resume`: also re-send callouts marked sent without a response (their sender died).
   */
  function drive(id: string, resume = false): Promise<void> {
    const previous = driving.get(id) ?? Promise.resolve();
    const next = previous
      .then(() => (closed ? undefined : driveOnce(id, resume)))
      .catch((error: unknown) => logger.error("continuation.drive_failed", { id, error: describe(error) }))
      .finally(() => {
        if (driving.get(id) === next) driving.delete(id);
      });
    driving.set(id, next);
    return next;
  }

  async function driveOnce(id: string, resume: boolean): Promise<void> {
    const c = await store.find(id);
    if (closed || !c) return;
    if (c.status !== "pending") {
      // Finished (or cancelled, perhaps by another instance): stop whatever is still in flight here.
      owned.delete(id);
      for (const { continuationId, controller } of inFlight.values()) {
        if (continuationId === id) controller.abort(new ContinuationError("FINISHED", c.status));
      }
      return;
    }
    const waiting = c.callouts.filter((x) => x.status !== "done");
    if (waiting.length === 0) {
      const advanced = await runCallback(c);
      if (advanced) void drive(id);
      return;
    }
    // A callout marked sent is in flight (here, or it was when its sender died): only a resume
    // sends it again. The read above may be older than a response recorded meanwhile, so a
    // "sent" row is never taken as a reason to send.
    for (const callout of waiting) {
      if (inFlight.has(callout.id)) continue;
      if (callout.status === "pending" || resume) void send(c, callout);
    }
  }

  async function send(c: StoredContinuation, callout: StoredCallout): Promise<void> {
    const controller = new AbortController();
    inFlight.set(callout.id, { continuationId: c.id, controller });
    const started = now();
    try {
      // Written before it is acted on: after a crash, recovery knows this request may have left.
      await store.markSent(callout.id, started);
      crashPoint(`after-mark-sent:${callout.label}`);
      if (closed) return; // shutting down: left for recovery, as if in flight
      emit(c.id, c.ownerId);
      const outcome = await sendResolved(callout, c, controller.signal);
      const recorded = await store.recordOutcome(callout.id, {
        ...outcome,
        requestHeaders: redactCredentials(callout.headers),
        finishedAt: now(),
      });
      crashPoint(`after-response:${callout.label}`);
      logger.debug("callout.finished", {
        id: c.id,
        step: c.step,
        label: callout.label,
        statusCode: outcome.statusCode,
        durationMs: now().getTime() - started.getTime(),
        recorded,
      });
    } catch (error) {
      if (controller.signal.aborted) return; // closed or cancelled: left for recovery
      logger.error("callout.record_failed", { id: c.id, label: callout.label, error: describe(error) });
      return;
    } finally {
      inFlight.delete(callout.id);
    }
    emit(c.id, c.ownerId);
    void drive(c.id);
  }

  /** Sends one callout through its credential's breaker, with secrets and idempotency key added. */
  async function sendResolved(
    callout: Pick<StoredCallout, "url" | "method" | "headers" | "body" | "idempotencyKey">,
    step: { deadlineAt: Date; timeoutSeconds: number },
    cancel: AbortSignal,
  ): Promise<HttpOutcome> {
    const remainingMs = step.deadlineAt.getTime() - now().getTime();
    const timedOut = (): HttpOutcome => ({
      statusCode: CalloutStatus.TIMEOUT,
      headers: {},
      body: null,
      errorMessage: `No response within the ${step.timeoutSeconds} s deadline.`,
      responseBytes: null,
    });
    if (remainingMs <= 0) return timedOut();
    let endpoint;
    try {
      endpoint = endpoints.resolve(callout.url, { withSecrets: true });
    } catch (error) {
      return {
        statusCode: CalloutStatus.EXCEPTION,
        headers: {},
        body: null,
        errorMessage: error instanceof Error ? error.message : String(error),
        responseBytes: null,
      };
    }
    return breakers.call(endpoint.credential, () => sendHttpTo(endpoint, callout, step, remainingMs, cancel));
  }

  async function sendHttpTo(
    endpoint: ResolvedEndpoint,
    callout: Pick<StoredCallout, "method" | "headers" | "body" | "idempotencyKey">,
    step: { timeoutSeconds: number },
    remainingMs: number,
    cancel: AbortSignal,
  ): Promise<HttpOutcome> {
    const outcome = await sendHttp(
      {
        url: endpoint.url,
        method: callout.method,
        headers: {
          ...callout.headers,
          ...endpoint.secretHeaders,
          [IDEMPOTENCY_HEADER]: callout.idempotencyKey,
        },
        body: callout.body,
      },
      {
        dispatcher: agent,
        deadline: AbortSignal.timeout(remainingMs),
        cancelSignal: cancel,
        maxResponseBytes: limits.maxResponseBytes,
        timeoutSeconds: step.timeoutSeconds,
      },
    );
    // Redirects are never followed; one that points off the allow-list is refused outright.
    const location = outcome.headers.location;
    if (outcome.statusCode >= 300 && outcome.statusCode < 400 && location) {
      const target = URL.parse(location, endpoint.url);
      if (!target || !endpoints.isAllowed(target)) {
        return {
          statusCode: CalloutStatus.EXCEPTION,
          headers: {},
          body: null,
          errorMessage: `Refused the redirect to ${target?.origin ?? location}: it is not on the allow-list.`,
          responseBytes: null,
        };
      }
    }
    return outcome;
  }

  /** Checks the saved state against the callback's schema and runs the callback inside `tx`. */
  async function invokeCallback(
    callback: AnyCallback,
    step: {
      state: string;
      responses: CalloutResponse[];
      tx: DbTransaction;
      ownerId: string;
      continuationId: string;
      step: number;
    },
  ): Promise<unknown> {
    const parsedState = callback.state.safeParse(JSON.parse(step.state));
    if (!parsedState.success) {
      throw new ContinuationError(
        "STATE_INVALID",
        "The saved state no longer matches its callback's schema.",
      );
    }
    const { byLabel, response } = responsesByLabel(step.responses);
    return callback.run({
      state: parsedState.data,
      responses: byLabel,
      response,
      tx: step.tx,
      ownerId: step.ownerId,
      continuationId: step.continuationId,
      step: step.step,
    });
  }

  /** Runs the step's callback in one transaction with the status change. True if the chain moved on. */
  async function runCallback(c: StoredContinuation): Promise<boolean> {
    const callback = registry.get(c.callbackName);
    if (!callback) {
      await fail(c, new UnknownCallbackError(c.callbackName));
      return false;
    }
    type Outcome = "stale" | "advanced" | ContinuationSummary;
    let outcome: Outcome;
    try {
      outcome = await store.transaction<Outcome>(
        async (tx) => {
          if (!(await store.claimStep(tx, c.id, c.version, instanceId))) return "stale";
          const value = await invokeCallback(callback, {
            state: c.state,
            responses: c.callouts.map((x) =>
              calloutResponse({
                label: x.label,
                statusCode: x.statusCode ?? CalloutStatus.NOT_ARRIVED,
                headers: x.responseHeaders,
                body: x.responseBody,
                errorMessage: x.errorMessage,
                durationMs: x.sentAt && x.finishedAt ? x.finishedAt.getTime() - x.sentAt.getTime() : null,
              }),
            ),
            tx,
            ownerId: c.ownerId,
            continuationId: c.id,
            step: c.step,
          });
          crashPoint(`in-callback:${c.callbackName}`);
          if (callback.sensitive) await store.forgetResponses(tx, c.id, c.step);
          if (isContinuation(value)) {
            const nextStep = c.step + 1;
            if (nextStep >= limits.maxChainLength)
              throw new ChainTooLongError(nextStep + 1, limits.maxChainLength);
            await store.advance(tx, c.id, nextStep, prepare(value, c.idempotencyScope, nextStep));
            return "advanced";
          }
          return store.complete(tx, c.id, JSON.stringify(value ?? null), now());
        },
        { timeoutMs: callbackTimeoutMs },
      );
    } catch (error) {
      await fail(c, error);
      return false;
    }
    if (outcome === "stale") return false;
    crashPoint(`after-commit:${c.callbackName}`);
    if (outcome === "advanced") {
      logger.debug("continuation.advanced", { id: c.id, step: c.step + 1 });
    } else {
      owned.delete(c.id);
      logger.info("continuation.finished", { ...outcome });
    }
    emit(c.id, c.ownerId);
    return outcome === "advanced";
  }

  async function fail(c: StoredContinuation, error: unknown): Promise<void> {
    const known = error instanceof ContinuationError;
    const failure = known
      ? { code: error.code, message: error.message }
      : {
          code: "CALLBACK_ERROR",
          message: "The request could not be completed because of an internal error.",
        };
    if (!known) logger.error("continuation.callback_crashed", { id: c.id, error: describe(error) });
    const summary = await store.finish(c.id, "failed", failure, now());
    owned.delete(c.id);
    if (summary) {
      logger.info("continuation.finished", { ...summary, errorCode: failure.code });
      emit(c.id, c.ownerId);
    }
  }

  const runtime: Runtime = {
    limits,

    async start(c, owner) {
      if (closed) throw new ContinuationError("RUNTIME_CLOSED", "The runtime is shutting down.");
      const id = randomUUID();
      const createdAt = now();
      const step = prepare(c, id, 0, createdAt);
      await store.create({
        id,
        ownerId: owner.ownerId,
        subject: owner.subject ?? null,
        step,
        createdAt,
        lease: { owner: instanceId, until: leaseUntil() },
      });
      owned.add(id);
      logger.info("continuation.started", { id, callback: c.callbackName, requests: step.callouts.length });
      emit(id, owner.ownerId);
      void drive(id);
      return { id };
    },

    async view(id, ownerId) {
      const c = await store.find(id);
      return c && c.ownerId === ownerId ? toView(c) : null;
    },

    async latestBySubject(ownerId, subjects) {
      return (await store.findLatestBySubject(ownerId, subjects)).map(toView);
    },

    subscribe(listener) {
      events.on("change", listener);
      return () => events.off("change", listener);
    },

    async resumePending() {
      if (closed) return 0;
      let taken = 0;
      for (const id of await store.listClaimable(instanceId, now(), 1_000)) {
        if (owned.has(id) && driving.has(id)) continue; // already being driven here
        if (!(await store.claimLease(id, instanceId, leaseUntil(), now()))) continue;
        owned.add(id);
        taken++;
        void drive(id, true);
      }
      if (taken > 0) logger.info("runtime.resumed", { instanceId, count: taken });
      return taken;
    },

    async run() {
      await runtime.resumePending();
      const every = (ms: number, work: () => Promise<unknown>) => {
        let busy = false;
        const timer = setInterval(() => {
          if (busy || closed) return;
          busy = true;
          work()
            .catch((error: unknown) => logger.error("runtime.background_failed", { error: describe(error) }))
            .finally(() => (busy = false));
        }, ms);
        timer.unref();
        timers.push(timer);
      };
      every(Math.max(250, Math.floor(leaseMs / 3)), () =>
        store.renewLeases([...owned], instanceId, leaseUntil()),
      );
      every(recoveryIntervalMs, () => runtime.resumePending());
      // Another instance's transitions reach this one's subscribers (event streams) through the store.
      // Reads overlap by 2 s (clocks of several hosts); each version of a row is relayed once.
      let since = now();
      let relayed = new Map<string, number>();
      every(watchIntervalMs, async () => {
        if (events.listenerCount("change") === 0) {
          since = now();
          return;
        }
        const changed = await store.listChangedSince(new Date(since.getTime() - 2_000));
        const seen = new Map<string, number>();
        for (const change of changed) {
          if (change.updatedAt > since) since = change.updatedAt;
          const version = change.updatedAt.getTime();
          seen.set(change.id, version);
          if (relayed.get(change.id) === version) continue;
          emit(change.id, change.ownerId);
          if (owned.has(change.id)) void drive(change.id); // e.g. cancelled elsewhere
        }
        relayed = seen;
      });
    },

    onClose(listener) {
      events.once("closed", listener);
      return () => events.off("closed", listener);
    },

    async retry(id, ownerId) {
      if (closed) throw new ContinuationError("RUNTIME_CLOSED", "The runtime is shutting down.");
      const original = await store.find(id);
      if (!original || original.ownerId !== ownerId) return null;
      if ((original.status !== "failed" && original.status !== "cancelled") || !original.initial) {
        throw new ContinuationError(
          "NOT_RETRYABLE",
          original.status === "pending"
            ? "It is still running."
            : "Only a failed or cancelled request can be retried.",
        );
      }
      const first = await store.findCallouts(id, 0);
      const createdAt = now();
      const { callbackName, state, timeoutSeconds } = original.initial;
      // Re-checked as a new start: configuration (credentials, limits) may have changed since.
      const step = prepare(
        {
          ...continuationOf({ callbackName, state: JSON.parse(state) as JsonValue, timeoutSeconds }),
          requests: first.map((x) => ({
            label: x.label,
            method: x.method as HttpMethod,
            url: x.url,
            headers: x.headers,
            body: x.body ?? undefined,
          })),
        },
        original.idempotencyScope,
        0,
        createdAt,
      );
      const retryId = randomUUID();
      await store.create({
        id: retryId,
        ownerId,
        subject: original.subject,
        step,
        idempotencyScope: original.idempotencyScope,
        retryOf: id,
        createdAt,
        lease: { owner: instanceId, until: leaseUntil() },
      });
      owned.add(retryId);
      logger.info("continuation.retried", { id: retryId, retryOf: id, callback: callbackName });
      emit(retryId, ownerId);
      void drive(retryId);
      return { id: retryId };
    },

    async cancel(id, ownerId) {
      const c = await store.find(id);
      if (!c || c.ownerId !== ownerId) return null;
      const summary = await store.finish(
        id,
        "cancelled",
        { code: "CANCELLED", message: "Cancelled before the ERP answered." },
        now(),
      );
      owned.delete(id);
      if (summary) {
        for (const { continuationId, controller } of inFlight.values()) {
          if (continuationId === id) controller.abort(new ContinuationError("CANCELLED", "cancelled"));
        }
        logger.info("continuation.finished", { ...summary, errorCode: "CANCELLED" });
        emit(id, ownerId);
      }
      return runtime.view(id, ownerId);
    },

    async runNow(first, { ownerId, timeoutMs, signal }) {
      if (closed) throw new ContinuationError("RUNTIME_CLOSED", "The runtime is shutting down.");
      const scope = randomUUID();
      const deadline = {
        deadlineAt: new Date(now().getTime() + timeoutMs),
        timeoutSeconds: timeoutMs / 1000,
      };
      const cancel = signal ?? new AbortController().signal;
      let current = first;
      for (let stepIndex = 0; ; stepIndex++) {
        if (stepIndex >= limits.maxChainLength)
          throw new ChainTooLongError(stepIndex + 1, limits.maxChainLength);
        const step = prepare(current, scope, stepIndex);
        const callback = registry.get(step.callbackName);
        if (!callback) throw new UnknownCallbackError(step.callbackName);
        const responses = await Promise.all(
          step.callouts.map(async (callout) => {
            const started = now().getTime();
            const outcome = await sendResolved(callout, deadline, cancel);
            return calloutResponse({
              label: callout.label,
              statusCode: outcome.statusCode,
              headers: outcome.headers,
              body: outcome.body,
              errorMessage: outcome.errorMessage,
              durationMs: now().getTime() - started,
            });
          }),
        );
        const value = await store.transaction(
          (tx) =>
            invokeCallback(callback, {
              state: step.state,
              responses,
              tx,
              ownerId,
              continuationId: scope,
              step: stepIndex,
            }),
          { timeoutMs: callbackTimeoutMs },
        );
        if (!isContinuation(value)) return (value ?? null) as JsonValue;
        current = value;
      }
    },

    breakers: () => breakers.views(),

    stats: () => ({ suspended: owned.size, calloutsInFlight: inFlight.size }),

    async waitUntilFinished(id, ownerId, timeoutMs = 60_000) {
      return new Promise<ContinuationView>((resolve, reject) => {
        let settled = false;
        const check = async () => {
          const view = await runtime.view(id, ownerId);
          if (settled) return;
          if (!view)
            return finish(() => reject(new ContinuationError("NOT_FOUND", `No continuation ${id}.`)));
          if (view.status !== "pending") finish(() => resolve(view));
        };
        const unsubscribe = runtime.subscribe((change) => {
          if (change.id === id) void check().catch((e: unknown) => finish(() => reject(e)));
        });
        const timer = setTimeout(
          () =>
            finish(() => reject(new ContinuationError("WAIT_TIMEOUT", `Continuation ${id} still pending.`))),
          timeoutMs,
        );
        const finish = (settle: () => void) => {
          if (settled) return;
          settled = true;
          clearTimeout(timer);
          unsubscribe();
          settle();
        };
        void check().catch((e: unknown) => finish(() => reject(e)));
      });
    },

    async close() {
      if (closed) return;
      closed = true;
      for (const timer of timers) clearInterval(timer);
      for (const { controller } of inFlight.values()) {
        controller.abort(new ContinuationError("RUNTIME_CLOSED", "closed"));
      }
      await Promise.allSettled([...driving.values()]);
      await store
        .releaseLeases([...owned], instanceId, now())
        .catch((error: unknown) => logger.error("runtime.release_failed", { error: describe(error) }));
      await agent.destroy();
      events.emit("closed");
      events.removeAllListeners();
      logger.info("runtime.closed", { instanceId, handedOver: owned.size });
    },
  };
  return runtime;
}

const CREDENTIAL_HEADERS = new Set(["authorization", "proxy-authorization", "cookie", "x-api-key"]);

/**
 * A request's headers with credential values replaced: an action may set a short-lived bearer
 * token on a request; it is kept only while the request may still have to be (re)sent.
 */
export function redactCredentials(headers: Record<string, string>): Record<string, string> {
  return Object.fromEntries(
    Object.entries(headers).map(([name, value]) => [
      name,
      CREDENTIAL_HEADERS.has(name.toLowerCase()) ? "[redacted]" : value,
    ]),
  );
}

function describe(error: unknown): string {
  return error instanceof Error ? `${error.name}: ${error.message}` : String(error);
}
