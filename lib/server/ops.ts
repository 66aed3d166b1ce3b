import "server-only";
import { getEnv } from "@/lib/env";
import { erpCredentials } from "@/lib/erp/credential";
import type { OpsDeps } from "@/lib/ops/ops-deps";
import { callbacks } from "./callbacks";
import { getDb } from "./db";
import { getRuntime } from "./runtime";

/** What the operators' console reads from: the process's database and runtime. */
export function opsDeps(): OpsDeps {
  return { db: getDb(), runtime: getRuntime() };
}

/** Every registered callback's name (the console's callback filter), sorted. */
export function callbackNames(): string[] {
  return callbacks.map((c) => c.name).sort();
}

/** The named credentials an operator can probe (those with a health check). */
export function probeableCredentials(): Set<string> {
  return new Set(
    erpCredentials(getEnv())
      .filter((c) => c.probePath)
      .map((c) => c.name),
  );
}

/** Where a person lands after signing in without a page to return to: operators on /ops, agents on the desk. */
export async function homePathOf(agentId: string): Promise<string> {
  const agent = await getDb().agent.findUnique({ where: { id: agentId }, select: { role: true } });
  return agent?.role === "operator" ? "/ops" : "/";
}
