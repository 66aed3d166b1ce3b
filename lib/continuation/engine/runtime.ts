import { randomUUID } from "node:crypto";
import { createBreakers, DEFAULT_BREAKER, type BreakerTransition } from "../egress/breaker";
import { createEndpointPolicy } from "../egress/endpoints";
import { createHttpAgent } from "../egress/http";
import { createProber } from "../egress/probe";
import { createCalloutSender } from "../egress/send-callout";
import { ContinuationError } from "../errors";
import { resolveLimits } from "../limits";
import { silentLogger } from "../logger";
import type { EventKind, NewEvent } from "../store/model";
import type { Continuation } from "../define/continuation";
import { createChangeFeed } from "./change-feed";
import { createDispatcher } from "./dispatcher";
import { createInspector } from "./inspect";
import { createLeases } from "./leases";
import { subscribeTo, tell } from "./listeners";
import { prepareStep } from "./prepare";
import { createRegistry } from "./registry";
import { runNow } from "./run-now";
import { MAX_LIST_LIMIT, type Runtime, type RuntimeOptions } from "./runtime-api";
import { cancelContinuation, retryContinuation, startContinuation, type VerbDeps } from "./verbs";
import { toRecord, toView } from "./view";
import { waitUntilFinished } from "./wait";

export { MAX_LIST_LIMIT } from "./runtime-api";
export type { Runtime, RuntimeOptions } from "./runtime-api";

/** What the audit trail lists: starts (a retry's `started` names what it retries) and cancels. */
const AUDITED_KINDS: readonly EventKind[] = ["started", "cancelled"];

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
