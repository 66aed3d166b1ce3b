import { EventEmitter } from "node:events";
import { randomUUID } from "node:crypto";
import type { AnyCallback, Continuation, JsonValue } from "./continuation";
import { isContinuation } from "./continuation";
import { createEndpointResolver, type NamedCredential } from "./credentials";
import {
  ChainTooLongError,
  ContinuationError,
  InvalidRequestError,
  InvalidTimeoutError,
  RequestBodyTooLargeError,
  StateTooLargeError,
  TooManyRequestsError,
  UnknownCallbackError,
} from "./errors";
import { createHttpAgent, sendHttp, type HttpOutcome } from "./http";
import { DEFAULT_LIMITS, type Limits } from "./limits";
import { silentLogger, type Logger } from "./logger";
import { calloutResponse, responsesByLabel } from "./responses";
import { CalloutStatus } from "./status-codes";
import type {
  ContinuationStatus,
  ContinuationStore,
  NewStep,
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
}

export interface RuntimeOptions {
  store: ContinuationStore;
  /** Every callback that may run: the registry recovery relies on after a restart. */
  callbacks: readonly AnyCallback[];
  credentials?: readonly NamedCredential[];
  /** Absolute origins callouts may reach besides the named credentials' own. */
  allowedOrigins?: readonly string[];
  limits?: Partial<Limits>;
  logger?: Logger;
  /** How long a callback's transaction may take (default 10 s). */
  callbackTimeoutMs?: number;
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
  /** Picks up every unfinished continuation (at start-up). Returns how many. */
  resumePending(): Promise<number>;
  /** Resolves once the continuation has finished (tests, tools). */
  waitUntilFinished(id: string, ownerId: string, timeoutMs?: number): Promise<ContinuationView>;
  /** Stops sending; in-flight callouts are abandoned (not recorded) for recovery to pick up. */
  close(): Promise<void>;
}

const IDEMPOTENCY_HEADER = "idempotency-key";
const METHODS = new Set(["GET", "POST", "PUT", "PATCH", "DELETE"]);
const LABEL = /^[A-Za-z][A-Za-z0-9_-]{0,39}$/;

/** The idempotency key of a callout: the same for every re-send of that callout. */
export function idempotencyKey(continuationId: string, step: number, label: string): string {
  return `${continuationId}.${step}.${label}`;
}

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
  };
}

/** Creates the runtime: validation, persistence, the dispatcher and the callback runner. */
export function createRuntime(options: RuntimeOptions): Runtime {
  const limits: Limits = { ...DEFAULT_LIMITS, ...options.limits };
  const { store } = options;
  const logger = options.logger ?? silentLogger;
  const now = options.now ?? (() => new Date());
  const callbackTimeoutMs = options.callbackTimeoutMs ?? 10_000;
  const resolveEndpoint = createEndpointResolver({
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

  const events = new EventEmitter().setMaxListeners(0);
  const agent = createHttpAgent();
  const inFlight = new Map<string, AbortController>();
  const driving = new Map<string, Promise<void>>();
  let closed = false;

  const emit = (id: string, ownerId: string) => events.emit("change", { id, ownerId });

  function prepareStep(c: Continuation, continuationId: string, stepIndex: number): NewStep {
    if (!registry.has(c.callbackName)) throw new UnknownCallbackError(c.callbackName);
    if (c.requests.length === 0) throw new InvalidRequestError("A continuation needs at least one request.");
    if (c.requests.length > limits.maxParallelRequests) {
      throw new TooManyRequestsError(c.requests.length, limits.maxParallelRequests);
    }
    const timeoutSeconds = c.timeoutSeconds ?? limits.defaultTimeoutSeconds;
    if (
      !Number.isInteger(timeoutSeconds) ||
      timeoutSeconds < limits.minTimeoutSeconds ||
      timeoutSeconds > limits.maxTimeoutSeconds
    ) {
      throw new InvalidTimeoutError(timeoutSeconds, limits.minTimeoutSeconds, limits.maxTimeoutSeconds);
    }
    const state = JSON.stringify(c.state);
    const stateBytes = Buffer.byteLength(state, "utf8");
    if (stateBytes > limits.maxStateBytes) throw new StateTooLargeError(stateBytes, limits.maxStateBytes);

    const callouts = c.requests.map((request) => {
      if (!LABEL.test(request.label)) {
        throw new InvalidRequestError(
          `Request label "${request.label}" must be 1-40 letters, digits, - or _.`,
        );
      }
      const method = request.method ?? "GET";
      if (!METHODS.has(method)) throw new InvalidRequestError(`Method ${method} is not supported.`);
      resolveEndpoint(request.url); // refuse what is not allowed before anything is persisted
      const body = request.body ?? null;
      const requestBytes = body === null ? 0 : Buffer.byteLength(body, "utf8");
      if (requestBytes > limits.maxRequestBodyBytes) {
        throw new RequestBodyTooLargeError(request.label, requestBytes, limits.maxRequestBodyBytes);
      }
      return {
        label: request.label,
        method,
        url: request.url,
        headers: { ...request.headers },
        body,
        idempotencyKey: idempotencyKey(continuationId, stepIndex, request.label),
        requestBytes,
      };
    });
    return {
      callbackName: c.callbackName,
      state,
      timeoutSeconds,
      deadlineAt: new Date(now().getTime() + timeoutSeconds * 1000),
      callouts,
    };
  }

  /** Runs `driveOnce` for a continuation, one at a time per continuation in this process. */
  function drive(id: string): Promise<void> {
    const previous = driving.get(id) ?? Promise.resolve();
    const next = previous
      .then(() => (closed ? undefined : driveOnce(id)))
      .catch((error: unknown) => logger.error("continuation.drive_failed", { id, error: describe(error) }))
      .finally(() => {
        if (driving.get(id) === next) driving.delete(id);
      });
    driving.set(id, next);
    return next;
  }

  async function driveOnce(id: string): Promise<void> {
    const c = await store.find(id);
    if (!c || c.status !== "pending") return;
    const waiting = c.callouts.filter((x) => x.status !== "done");
    if (waiting.length === 0) {
      const advanced = await runCallback(c);
      if (advanced) void drive(id);
      return;
    }
    for (const callout of waiting) {
      if (!inFlight.has(callout.id)) void send(c, callout);
    }
  }

  async function send(c: StoredContinuation, callout: StoredCallout): Promise<void> {
    const controller = new AbortController();
    inFlight.set(callout.id, controller);
    const started = now();
    try {
      // Written before it is acted on: after a crash, recovery knows this request may have left.
      await store.markSent(callout.id, started);
      emit(c.id, c.ownerId);
      const outcome = await sendResolved(c, callout, controller.signal);
      const recorded = await store.recordOutcome(callout.id, { ...outcome, finishedAt: now() });
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

  async function sendResolved(
    c: StoredContinuation,
    callout: StoredCallout,
    cancel: AbortSignal,
  ): Promise<HttpOutcome> {
    const remainingMs = c.deadlineAt.getTime() - now().getTime();
    const timedOut = (): HttpOutcome => ({
      statusCode: CalloutStatus.TIMEOUT,
      headers: {},
      body: null,
      errorMessage: `No response within the ${c.timeoutSeconds} s deadline.`,
      responseBytes: null,
    });
    if (remainingMs <= 0) return timedOut();
    let endpoint;
    try {
      endpoint = resolveEndpoint(callout.url);
    } catch (error) {
      return {
        statusCode: CalloutStatus.EXCEPTION,
        headers: {},
        body: null,
        errorMessage: error instanceof Error ? error.message : String(error),
        responseBytes: null,
      };
    }
    return sendHttp(
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
        timeoutSeconds: c.timeoutSeconds,
      },
    );
  }

  /** Runs the step's callback in one transaction with the status change. True if the chain moved on. */
  async function runCallback(c: StoredContinuation): Promise<boolean> {
    const callback = registry.get(c.callbackName);
    if (!callback) {
      await fail(c, new UnknownCallbackError(c.callbackName));
      return false;
    }
    type Outcome = "stale" | "advanced" | "completed";
    let outcome: Outcome;
    try {
      outcome = await store.transaction<Outcome>(
        async (tx) => {
          if (!(await store.claimStep(tx, c.id, c.version))) return "stale";
          const parsedState = callback.state.safeParse(JSON.parse(c.state));
          if (!parsedState.success) {
            throw new ContinuationError(
              "STATE_INVALID",
              "The saved state no longer matches its callback's schema.",
            );
          }
          const { byLabel, response } = responsesByLabel(
            c.callouts.map((x) =>
              calloutResponse({
                label: x.label,
                statusCode: x.statusCode ?? CalloutStatus.NOT_ARRIVED,
                headers: x.responseHeaders,
                body: x.responseBody,
                errorMessage: x.errorMessage,
                durationMs: x.sentAt && x.finishedAt ? x.finishedAt.getTime() - x.sentAt.getTime() : null,
              }),
            ),
          );
          const value: unknown = await callback.run({
            state: parsedState.data,
            responses: byLabel,
            response,
            tx,
            ownerId: c.ownerId,
            continuationId: c.id,
            step: c.step,
          });
          if (isContinuation(value)) {
            const nextStep = c.step + 1;
            if (nextStep >= limits.maxChainLength)
              throw new ChainTooLongError(nextStep + 1, limits.maxChainLength);
            await store.advance(tx, c.id, nextStep, prepareStep(value, c.id, nextStep));
            return "advanced";
          }
          await store.complete(tx, c.id, JSON.stringify(value ?? null), now());
          return "completed";
        },
        { timeoutMs: callbackTimeoutMs },
      );
    } catch (error) {
      await fail(c, error);
      return false;
    }
    if (outcome === "stale") return false;
    logger.info(outcome === "completed" ? "continuation.completed" : "continuation.advanced", {
      id: c.id,
      step: c.step,
      callback: c.callbackName,
      durationMs: now().getTime() - c.createdAt.getTime(),
    });
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
    const ended = await store.finish(c.id, "failed", failure, now());
    if (ended) {
      logger.info("continuation.failed", {
        id: c.id,
        step: c.step,
        callback: c.callbackName,
        code: failure.code,
      });
      emit(c.id, c.ownerId);
    }
  }

  const runtime: Runtime = {
    limits,

    async start(c, owner) {
      if (closed) throw new ContinuationError("RUNTIME_CLOSED", "The runtime is shutting down.");
      const id = randomUUID();
      const step = prepareStep(c, id, 0);
      await store.create({ id, ownerId: owner.ownerId, subject: owner.subject ?? null, step });
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
      const ids = await store.listPendingIds();
      for (const id of ids) void drive(id);
      if (ids.length > 0) logger.info("runtime.resumed", { count: ids.length });
      return ids.length;
    },

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
      closed = true;
      for (const controller of inFlight.values())
        controller.abort(new ContinuationError("RUNTIME_CLOSED", "closed"));
      await Promise.allSettled([...driving.values()]);
      await agent.destroy();
      events.removeAllListeners();
    },
  };
  return runtime;
}

function describe(error: unknown): string {
  return error instanceof Error ? `${error.name}: ${error.message}` : String(error);
}
