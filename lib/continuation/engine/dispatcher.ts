import type { DomainTransaction } from "../define/register";
import type { Continuation } from "../define/continuation";
import { redactCredentials, type SendCallout } from "../egress/send-callout";
import { ContinuationError, UnknownCallbackError } from "../errors";
import type { Limits } from "../limits";
import type { Logger } from "../logger";
import type { CalloutRecord, NewEvent, NewStep, StoredCallout, StoredContinuation } from "../store/model";
import type { ContinuationStore, StepDecision } from "../store/store";
import { buildSummary } from "../store/summary";
import { runCallback } from "./callback-runner";
import type { ChangeEvent, ChangeFeed } from "./change-feed";
import type { Registry } from "./registry";
import { sentCallout } from "../store/fresh";
import { describe, responseOf, withTimeout } from "./step-values";
import { callbackEvents, endedEvent, outcomeEvents } from "./events";
import { traceCallback, traceCallout } from "./tracing";
import { toView } from "./view";

export interface DispatcherDeps {
  store: ContinuationStore<DomainTransaction>;
  registry: Registry;
  send: SendCallout;
  prepare: (c: Continuation, scope: string, stepIndex: number, at: Date) => NewStep;
  feed: ChangeFeed;
  limits: Limits;
  instanceId: string;
  callbackTimeoutMs: number;
  logger: Logger;
  now: () => Date;
  crashPoint: (point: string) => void;
  /** Told of the events of every commit, after it (metrics). */
  committed: (events: readonly NewEvent[]) => void;
}

/** A continuation this instance drives: its rows as last written, every step's callouts. */
interface Held {
  c: StoredContinuation;
  inFlight: Map<string, AbortController>;
  /** Outcomes in hand whose own write has not committed yet (the step's commit includes them), with their events. */
  unrecorded: Map<string, { record: CalloutRecord; events: NewEvent[] }>;
}

export type Dispatcher = ReturnType<typeof createDispatcher>;

/**
 * The engine's heart: drives the continuations this instance holds the lease of. It keeps each
 * one's rows in memory as it wrote them (no re-read of what it just wrote), sends a step's
 * callouts in parallel, records each outcome, and when the step's last one is in runs the
 * callback and the transition in one store commit (the last outcome rides along in it).
 */
export function createDispatcher(deps: DispatcherDeps) {
  const { store, registry, feed, logger, now, crashPoint, instanceId, committed } = deps;
  const where = (h: Held, at: Date) => ({ id: h.c.id, instance: instanceId, at });
  const held = new Map<string, Held>();
  const steps = new Set<Promise<void>>();
  let closed = false;

  const emit = (h: Held, kind: ChangeEvent["kind"]) =>
    feed.emit({
      id: h.c.id,
      ownerId: h.c.ownerId,
      status: h.c.status,
      step: h.c.step,
      kind,
      view: toView(h.c),
    });
  const current = (h: Held) => h.c.callouts.filter((x) => x.step === h.c.step);

  /** Starts driving a continuation: one just created, or one claimed for recovery. */
  function adopt(c: StoredContinuation): void {
    if (closed || held.has(c.id)) return;
    const h: Held = { c, inFlight: new Map(), unrecorded: new Map() };
    held.set(c.id, h);
    pump(h);
  }

  /** Sends what the current step still waits for, or runs its callback when nothing is missing. */
  function pump(h: Held): void {
    const waiting = current(h).filter((x) => x.status !== "done");
    if (waiting.length === 0) return track(runStep(h));
    for (const callout of waiting) if (!h.inFlight.has(callout.id)) void send(h, callout);
  }

  function track(work: Promise<void>): void {
    steps.add(work);
    void work.finally(() => steps.delete(work));
  }

  async function send(h: Held, callout: StoredCallout): Promise<void> {
    crashPoint(`after-mark-sent:${callout.label}`);
    const controller = new AbortController();
    h.inFlight.set(callout.id, controller);
    const sentAt = now();
    let outcome;
    try {
      outcome = await traceCallout(h.c, callout, () => deps.send(callout, h.c, controller.signal));
    } catch {
      return; // cancelled, finished elsewhere or shutting down: left to whoever holds it next
    } finally {
      h.inFlight.delete(callout.id);
    }
    if (closed || held.get(h.c.id) !== h) return;
    const { attempts, ...answer } = outcome;
    const record: CalloutRecord = {
      calloutId: callout.id,
      outcome: { ...answer, requestHeaders: redactCredentials(callout.headers), sentAt, finishedAt: now() },
    };
    const events = outcomeEvents(where(h, sentAt), callout, record.outcome, attempts);
    Object.assign(callout, {
      status: "done",
      statusCode: outcome.statusCode,
      errorMessage: outcome.errorMessage,
    });
    Object.assign(callout, { responseHeaders: outcome.headers, responseBody: outcome.body });
    Object.assign(callout, {
      responseBytes: outcome.responseBytes,
      sentAt,
      finishedAt: record.outcome.finishedAt,
    });
    logger.debug("callout.finished", {
      id: h.c.id,
      step: h.c.step,
      label: callout.label,
      statusCode: outcome.statusCode,
    });
    h.unrecorded.set(callout.id, { record, events });
    if (current(h).some((x) => x.status !== "done")) {
      // Others of this step are still out: this outcome gets its own small commit.
      try {
        if (await store.recordOutcome(record, events)) committed(events);
        h.unrecorded.delete(callout.id);
      } catch (error) {
        logger.error("callout.record_failed", { id: h.c.id, label: callout.label, error: describe(error) });
      }
      crashPoint(`after-response:${callout.label}`);
      emit(h, "recorded");
      return;
    }
    crashPoint(`after-response:${callout.label}`);
    track(runStep(h));
  }

  /** Runs the step's callback and its transition in one commit; applies the result in memory. */
  async function runStep(h: Held): Promise<void> {
    const { c } = h;
    const callback = registry.get(c.callbackName);
    const unrecorded = [...h.unrecorded.values()];
    const records = unrecorded.map((x) => x.record);
    const recordEvents = unrecorded.flatMap((x) => x.events);
    if (!callback) return fail(h, new UnknownCallbackError(c.callbackName), unrecorded);
    const at = now();
    let decision: StepDecision | "stale";
    try {
      decision = await store.runStep(
        {
          id: c.id,
          step: c.step,
          version: c.version,
          leaseOwner: instanceId,
          records,
          events: recordEvents,
          forgetResponses: callback.sensitive === true,
          at,
        },
        async (tx): Promise<StepDecision> => {
          const started = performance.now();
          const result = await traceCallback(c, () =>
            withTimeout(
              runCallback(callback, {
                state: c.state,
                responses: current(h).map(responseOf),
                tx,
                ownerId: c.ownerId,
                continuationId: c.id,
                step: c.step,
                maxChainLength: deps.limits.maxChainLength,
              }),
              deps.callbackTimeoutMs,
            ),
          );
          crashPoint(`in-callback:${c.callbackName}`);
          const ran = {
            step: c.step,
            callbackName: c.callbackName,
            ms: Math.round(performance.now() - started),
            stateBytes: Buffer.byteLength(c.state, "utf8"),
          };
          if (result.kind === "advance") {
            const next = deps.prepare(result.next, c.idempotencyScope, c.step + 1, at);
            return {
              kind: "advance",
              step: c.step + 1,
              next,
              events: callbackEvents(where(h, at), ran, { step: c.step + 1, value: next }),
            };
          }
          const done = { ...c, status: "completed" as const };
          return {
            kind: "complete",
            result: JSON.stringify(result.result),
            summary: buildSummary(done, "completed", c.callouts, at),
            events: callbackEvents(where(h, at), ran, null),
          };
        },
      );
    } catch (error) {
      return fail(h, error, unrecorded);
    }
    h.unrecorded.clear();
    if (decision === "stale") return moved(h);
    committed([...recordEvents, ...decision.events]);
    crashPoint(`after-commit:${c.callbackName}`);
    if (callback.sensitive)
      for (const x of current(h)) Object.assign(x, { responseBody: null, responseHeaders: {} });
    Object.assign(c, { version: c.version + 1, updatedAt: at });
    if (decision.kind === "complete") {
      Object.assign(c, { status: "completed", result: decision.result, finishedAt: at });
      c.summary = JSON.stringify(decision.summary);
      release(h);
      logger.info("continuation.finished", { ...decision.summary });
      return emit(h, "finished");
    }
    const { next } = decision;
    Object.assign(c, { step: decision.step, callbackName: next.callbackName, state: next.state });
    Object.assign(c, { timeoutSeconds: next.timeoutSeconds, deadlineAt: next.deadlineAt });
    c.callouts.push(...next.callouts.map((x) => sentCallout(x, decision.step, at)));
    logger.debug("continuation.advanced", { id: c.id, step: c.step });
    emit(h, "advanced");
    if (!closed) pump(h);
  }

  /** The step was refused (cancelled, or another instance moved on): say what it became. */
  async function moved(h: Held): Promise<void> {
    release(h);
    const c = await store.find(h.c.id).catch(() => null);
    if (!c) return;
    feed.emit({
      id: c.id,
      ownerId: c.ownerId,
      status: c.status,
      step: c.step,
      kind: c.status === "pending" ? "advanced" : "finished",
      view: toView(c),
    });
  }

  async function fail(
    h: Held,
    error: unknown,
    unrecorded: { record: CalloutRecord; events: NewEvent[] }[],
  ): Promise<void> {
    const known = error instanceof ContinuationError;
    const failure = known
      ? { code: error.code, message: error.message }
      : {
          code: "CALLBACK_ERROR",
          message: "The request could not be completed because of an internal error.",
        };
    if (!known) logger.error("continuation.callback_crashed", { id: h.c.id, error: describe(error) });
    const at = now();
    const events = [
      ...unrecorded.flatMap((x) => x.events),
      endedEvent(where(h, at), h.c.step, { status: "failed", ...failure }),
    ];
    const records = unrecorded.map((x) => x.record);
    let summary;
    try {
      summary = await store.finish({ id: h.c.id, status: "failed", error: failure, records, events, at });
    } catch (e) {
      // The database refused: keep holding it (its lease stays renewed) and try again shortly.
      logger.error("continuation.fail_failed", { id: h.c.id, error: describe(e) });
      if (!closed) setTimeout(() => track(fail(h, error, unrecorded)), 1_000).unref();
      return;
    }
    release(h);
    if (!summary) return;
    committed(events);
    Object.assign(h.c, {
      status: "failed",
      errorCode: failure.code,
      errorMessage: failure.message,
      finishedAt: at,
    });
    Object.assign(h.c, { updatedAt: at, summary: JSON.stringify(summary) });
    logger.info("continuation.finished", { ...summary, errorCode: failure.code });
    emit(h, "finished");
  }

  /** Stops driving a continuation here: its in-flight callouts are aborted, not recorded. */
  function release(h: Held, reason?: ContinuationError): void {
    if (held.get(h.c.id) === h) held.delete(h.c.id);
    if (h.inFlight.size === 0) return;
    const why = reason ?? new ContinuationError("FINISHED", "finished");
    for (const controller of h.inFlight.values()) controller.abort(why);
  }

  return {
    adopt,
    /** True while this instance drives the continuation. */
    holds: (id: string) => held.has(id),
    /** Stops driving one (cancelled, or finished by another instance). */
    drop(id: string, reason: ContinuationError) {
      const h = held.get(id);
      if (h) release(h, reason);
    },
    stats: () => ({
      suspended: held.size,
      calloutsInFlight: [...held.values()].reduce((n, h) => n + h.inFlight.size, 0),
    }),
    /** Takes no new work, aborts in-flight callouts (left for recovery), waits for running steps. */
    async close(): Promise<number> {
      closed = true;
      const handedOver = held.size;
      for (const h of held.values()) {
        for (const controller of h.inFlight.values())
          controller.abort(new ContinuationError("RUNTIME_CLOSED", "closed"));
      }
      await Promise.allSettled([...steps]);
      return handedOver;
    },
  };
}
