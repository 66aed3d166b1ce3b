import type { AnyCallback, Continuation, JsonValue } from "../define/continuation";
import { isContinuation } from "../define/continuation";
import type { DomainTransaction } from "../define/register";
import { responsesByLabel, type CalloutResponse } from "../define/responses";
import { ChainTooLongError, ContinuationError } from "../errors";

/** Where a callback sent its chain. */
export type CallbackResult =
  { kind: "complete"; result: JsonValue } | { kind: "advance"; next: Continuation };

/**
 * Runs one step's callback: the one callback runner behind the durable path, the synchronous
 * path and the test harness. Re-validates the saved state against the callback's schema (the
 * store is a boundary), hands it the responses by label and the domain's transaction handle,
 * and refuses a next step beyond the chain limit. Throws `STATE_INVALID`, `ChainTooLongError`
 * or whatever the callback throws; the caller's transaction then rolls the callback's writes back.
 */
export async function runCallback(
  callback: AnyCallback,
  step: {
    /** Serialized JSON, as persisted. */
    state: string;
    responses: readonly CalloutResponse[];
    tx: DomainTransaction;
    ownerId: string;
    continuationId: string;
    /** 0-based index of this step in its chain. */
    step: number;
    maxChainLength: number;
  },
): Promise<CallbackResult> {
  const state = callback.state.safeParse(JSON.parse(step.state));
  if (!state.success) {
    throw new ContinuationError("STATE_INVALID", "The saved state no longer matches its callback's schema.");
  }
  const { byLabel, response } = responsesByLabel(step.responses);
  const value: unknown = await callback.run({
    state: state.data,
    responses: byLabel,
    response,
    tx: step.tx,
    ownerId: step.ownerId,
    continuationId: step.continuationId,
    step: step.step,
  });
  if (!isContinuation(value)) return { kind: "complete", result: (value ?? null) as JsonValue };
  if (step.step + 1 >= step.maxChainLength) throw new ChainTooLongError(step.step + 2, step.maxChainLength);
  return { kind: "advance", next: value };
}
