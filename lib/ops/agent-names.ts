import type { Db } from "@/lib/db";

/** The usernames of the agents with these ids (an id whose agent is gone is left out). */
export async function getAgentNames(db: Db, ids: Iterable<string>): Promise<Map<string, string>> {
  const unique = [...new Set(ids)];
  if (unique.length === 0) return new Map();
  const agents = await db.agent.findMany({
    where: { id: { in: unique } },
    select: { id: true, username: true },
  });
  return new Map(agents.map((a) => [a.id, a.username]));
}

/** The id of the agent signing in as `username`, or null when there is none. */
export async function findAgentId(db: Db, username: string): Promise<string | null> {
  const agent = await db.agent.findUnique({ where: { username }, select: { id: true } });
  return agent?.id ?? null;
}
