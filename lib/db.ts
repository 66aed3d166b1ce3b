import "server-only";
import { createDbFromEnv, type Db } from "./db-client";
import { getEnv } from "./env";

export { createDb, type Db, type DbProvider, type DbTransaction } from "./db-client";

const g = globalThis as unknown as { __warrantyDeskDb?: Db };

/** The process's one database client. */
export function getDb(): Db {
  return (g.__warrantyDeskDb ??= createDbFromEnv(getEnv()));
}
