import "server-only";
import type { AttentionDeps } from "@/lib/attention/list-attention";
import { countAttention } from "@/lib/attention/list-attention";
import { getDb } from "./db";
import { getRuntime } from "./runtime";
import { getSignedInAgent } from "./session";

/** What the worklist reads from: the process's database and runtime. */
export function attentionDeps(): AttentionDeps {
  return { db: getDb(), runtime: getRuntime() };
}

/**
 * How many items the signed-in agent's "Needs attention" worklist holds (0 when nobody is signed
 * in): the initial value of the navigation's `<AttentionCount initial={…} />`, which
 * `GET /api/attention` keeps current.
 */
export async function getAttentionCount(): Promise<number> {
  const agent = await getSignedInAgent();
  return agent ? countAttention(attentionDeps(), agent.id) : 0;
}
