import type { Runtime } from "@/lib/continuation";
import type { Db } from "@/lib/db";

/** What the operators' console reads from and acts through (handed in by lib/server/ops.ts). */
export interface OpsDeps {
  db: Db;
  runtime: Runtime;
}

/** The operator acting, as the audit trail names them. */
export interface OperatorActor {
  id: string;
  username: string;
}
