import type { ContinuationStatus, OperatorRecord } from "@/lib/continuation";
import { findAgentId, getAgentNames } from "./agent-names";
import { OPS_LIST_LIMIT, toFilter, type ContinuationQuery } from "./continuation-query";
import type { OpsDeps } from "./ops-deps";

/** A continuation as the console lists it: the runtime's record and its agent's username. */
export interface OpsContinuation extends OperatorRecord {
  /** The owner's username; null when the agent is gone. */
  agent: string | null;
}

export interface OpsContinuationList {
  /** Stuck ones first, then newest first; at most `OPS_LIST_LIMIT`. */
  items: OpsContinuation[];
  /** How many match the filter apart from its status, by status. */
  counts: Record<ContinuationStatus, number>;
  /** Set when the filter names an agent that does not exist (then nothing is listed). */
  problem: string | null;
}

const NO_COUNTS: Record<ContinuationStatus, number> = { pending: 0, completed: 0, failed: 0, cancelled: 0 };

/**
 * Everyone's continuations matching a checked query, with their agents' usernames. Only for a
 * caller that checked the signed-in person is an operator.
 */
export async function listContinuations(
  { db, runtime }: OpsDeps,
  query: ContinuationQuery,
): Promise<OpsContinuationList> {
  let ownerId: string | null = null;
  if (query.agent) {
    ownerId = await findAgentId(db, query.agent);
    if (!ownerId)
      return { items: [], counts: NO_COUNTS, problem: `Agent: no agent is named "${query.agent}".` };
  }
  const { items, counts } = await runtime.operations.list(toFilter(query, ownerId), OPS_LIST_LIMIT);
  const names = await getAgentNames(
    db,
    items.map((item) => item.ownerId),
  );
  return {
    items: items.map((item) => ({ ...item, agent: names.get(item.ownerId) ?? null })),
    counts,
    problem: null,
  };
}
