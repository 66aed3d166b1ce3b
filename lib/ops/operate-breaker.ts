import type { ActionResult, BreakerView } from "@/lib/continuation";
import type { OperatorActor, OpsDeps } from "./ops-deps";

/** What an operator's probe came to, as the console shows it. */
export interface ProbeOutcome {
  credential: string;
  ok: boolean;
  /** The HTTP status, or 2000-2004 when no answer came. */
  statusCode: number;
  errorMessage: string | null;
  durationMs: number;
  /** The breaker's state afterwards. */
  state: BreakerView["state"];
}

/** What an operator's reset came to. */
export interface ResetOutcome {
  credential: string;
  /** The state it was in before (a closed breaker is reset all the same: its failures are forgotten). */
  previous: BreakerView["state"];
}

/** The names of the operators' breaker actions in the audit trail (each detail names the instance). */
export const BREAKER_ACTIONS = { probe: "breaker.probe", reset: "breaker.reset" } as const;

function breakerOf({ runtime }: OpsDeps, credential: string): BreakerView | undefined {
  return runtime.breakers().find((b) => b.credential === credential);
}

const noSuchBreaker = (credential: string) => ({
  ok: false as const,
  error: { code: "NOT_FOUND", message: `There is no breaker for "${credential}".` },
});

async function record(
  { db, runtime }: OpsDeps,
  actor: OperatorActor,
  action: string,
  target: string,
  detail: Record<string, unknown>,
) {
  await db.operatorAction.create({
    data: {
      actorId: actor.id,
      actor: actor.username,
      action,
      target,
      detail: JSON.stringify({ ...detail, instance: runtime.instanceId }),
    },
  });
}

/**
 * Probes a credential's breaker on this instance (one request to its health check, past the
 * breaker: a 2xx closes it) and records the operator's action with its outcome. `NOT_FOUND` for
 * an unknown credential and `NOT_PROBEABLE` for one without a health check: nothing is recorded then.
 */
export async function probeBreaker(
  deps: OpsDeps,
  actor: OperatorActor,
  credential: string,
): Promise<ActionResult<ProbeOutcome>> {
  if (!breakerOf(deps, credential)) return noSuchBreaker(credential);
  const result = await deps.runtime.probeBreaker(credential);
  if (!result) {
    return {
      ok: false,
      error: { code: "NOT_PROBEABLE", message: `${credential} has no health check to probe.` },
    };
  }
  const outcome: ProbeOutcome = {
    credential,
    ok: result.ok,
    statusCode: result.statusCode,
    errorMessage: result.errorMessage,
    durationMs: result.durationMs,
    state: result.breaker.state,
  };
  const { credential: _, ...detail } = outcome;
  await record(deps, actor, BREAKER_ACTIONS.probe, credential, detail);
  return { ok: true, data: outcome };
}

/**
 * Resets a credential's breaker on this instance (closed, its failures forgotten) and records the
 * operator's action. `NOT_FOUND` for an unknown credential (nothing recorded).
 */
export async function resetBreaker(
  deps: OpsDeps,
  actor: OperatorActor,
  credential: string,
): Promise<ActionResult<ResetOutcome>> {
  const before = breakerOf(deps, credential);
  if (!before || !deps.runtime.resetBreaker(credential)) return noSuchBreaker(credential);
  await record(deps, actor, BREAKER_ACTIONS.reset, credential, { previous: before.state, state: "closed" });
  return { ok: true, data: { credential, previous: before.state } };
}
