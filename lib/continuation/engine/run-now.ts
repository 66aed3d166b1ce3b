import type { DomainTransaction } from "../define/register";
import { randomUUID } from "node:crypto";
import type { Continuation, JsonValue } from "../define/continuation";
import { calloutResponse } from "../define/responses";
import type { SendCallout } from "../egress/send-callout";
import { ContinuationError, UnknownCallbackError } from "../errors";
import type { Limits } from "../limits";
import type { NewStep } from "../store/model";
import type { ContinuationStore } from "../store/store";
import { runCallback } from "./callback-runner";
import type { Registry } from "./registry";
import { currentTraceContext, traceCallback, traceCallout } from "./tracing";

/**
 * The naive way, for comparison (the lab's synchronous modes): runs the whole chain while the
 * caller waits, with the same validation, credentials, allow-list and breakers, each callback
 * through the same runner in a domain transaction of its own. Nothing about the chain is
 * persisted; what the callbacks write is. `timeoutMs` bounds the whole chain.
 */
export async function runNow(
  deps: {
    store: ContinuationStore<DomainTransaction>;
    registry: Registry;
    send: SendCallout;
    prepare: (c: Continuation, scope: string, stepIndex: number, at: Date) => NewStep;
    limits: Limits;
    now: () => Date;
    isClosed: () => boolean;
  },
  first: Continuation,
  owner: { ownerId: string; timeoutMs: number; signal?: AbortSignal },
): Promise<JsonValue> {
  if (deps.isClosed()) throw new ContinuationError("RUNTIME_CLOSED", "The runtime is shutting down.");
  const scope = randomUUID();
  const deadline = {
    deadlineAt: new Date(deps.now().getTime() + owner.timeoutMs),
    timeoutSeconds: owner.timeoutMs / 1000,
  };
  const cancel = owner.signal ?? new AbortController().signal;
  // Its spans join the caller's trace, like a continuation's join its action's.
  const traced = { id: scope, traceContext: currentTraceContext() };
  let current = first;
  for (let stepIndex = 0; ; stepIndex++) {
    const step = deps.prepare(current, scope, stepIndex, deps.now());
    const callback = deps.registry.get(step.callbackName);
    if (!callback) throw new UnknownCallbackError(step.callbackName);
    const responses = await Promise.all(
      step.callouts.map(async (callout) => {
        const started = deps.now().getTime();
        const outcome = await traceCallout({ ...traced, step: stepIndex }, callout, () =>
          deps.send(callout, deadline, cancel),
        );
        return calloutResponse({
          ...outcome,
          label: callout.label,
          durationMs: deps.now().getTime() - started,
        });
      }),
    );
    const result = await traceCallback({ ...traced, step: stepIndex, callbackName: callback.name }, () =>
      deps.store.transaction((tx) =>
        runCallback(callback, {
          state: step.state,
          responses,
          tx,
          ownerId: owner.ownerId,
          continuationId: scope,
          step: stepIndex,
          maxChainLength: deps.limits.maxChainLength,
        }),
      ),
    );
    if (result.kind === "complete") return result.result;
    current = result.next;
  }
}
