import type { AuditedEvent } from "@/lib/continuation";
import { getAgentNames } from "./agent-names";
import type { OpsDeps } from "./ops-deps";

/** The most entries the audit trail shows (the newest). */
export const AUDIT_LIMIT = 200;

/** One line of the audit trail: who did what to what, and when. */
export interface AuditEntry {
  /** Unique in the list (a React key). */
  key: string;
  at: string;
  /** The username; null when the agent is gone. */
  who: string | null;
  by: "agent" | "operator";
  /** started, retried, cancelled, or an operator's action (breaker.probe, breaker.reset). */
  action: string;
  /** What it acted on: a continuation (its id) or a breaker (its credential). */
  target:
    { kind: "continuation"; id: string; callbackName: string } | { kind: "breaker"; credential: string };
  /** For a retry, the continuation it retried; for an operator's action, what came of it. */
  detail: Record<string, unknown> | null;
}

/** An operator's action as stored (the `OperatorAction` row). */
export interface StoredOperatorAction {
  id: string;
  actor: string;
  action: string;
  target: string;
  detail: string | null;
  at: Date;
}

function fromEvent(event: AuditedEvent, names: ReadonlyMap<string, string>): AuditEntry {
  const retryOf = event.detail?.retryOf;
  return {
    key: `event:${event.continuationId}:${event.seq}`,
    at: event.at.toISOString(),
    who: names.get(event.ownerId) ?? null,
    by: "agent",
    action: event.kind === "started" && typeof retryOf === "string" ? "retried" : event.kind,
    target: { kind: "continuation", id: event.continuationId, callbackName: event.callbackName },
    detail: typeof retryOf === "string" ? { retryOf } : null,
  };
}

function parseDetail(text: string | null): Record<string, unknown> | null {
  if (!text) return null;
  try {
    const value: unknown = JSON.parse(text);
    return value && typeof value === "object" && !Array.isArray(value)
      ? (value as Record<string, unknown>)
      : null;
  } catch {
    return null;
  }
}

function fromAction(action: StoredOperatorAction): AuditEntry {
  return {
    key: `action:${action.id}`,
    at: action.at.toISOString(),
    who: action.actor,
    by: "operator",
    action: action.action,
    target: action.action.startsWith("breaker.")
      ? { kind: "breaker", credential: action.target }
      : { kind: "continuation", id: action.target, callbackName: "" },
    detail: parseDetail(action.detail),
  };
}

/**
 * Agents' starts, retries and cancels (from the continuations' timelines) and operators' actions,
 * merged newest first, at most `limit`. `names` maps owner ids to usernames.
 */
export function mergeAudit(
  events: readonly AuditedEvent[],
  actions: readonly StoredOperatorAction[],
  names: ReadonlyMap<string, string>,
  limit: number,
): AuditEntry[] {
  return [...events.map((e) => fromEvent(e, names)), ...actions.map(fromAction)]
    .sort((a, b) => b.at.localeCompare(a.at))
    .slice(0, limit);
}

/** The audit trail, newest first: what agents started, retried and cancelled, and what operators did. */
export async function listAudit({ db, runtime }: OpsDeps, limit = AUDIT_LIMIT): Promise<AuditEntry[]> {
  const [events, actions] = await Promise.all([
    runtime.operations.audit(limit),
    db.operatorAction.findMany({ orderBy: [{ at: "desc" }, { id: "desc" }], take: limit }),
  ]);
  const names = await getAgentNames(
    db,
    events.map((e) => e.ownerId),
  );
  return mergeAudit(events, actions, names, limit);
}
