import "server-only";
import { openDatabaseFromEnv, type Database, type Db } from "./db-client";
import { getEnv } from "./env";

export { createDb, type Db, type DbProvider, type DbTransaction } from "./db-client";

const g = globalThis as unknown as { __warrantyDeskDatabase?: Database };

/** The process's one database: the domain's client and the continuation store, sharing connections. */
export function getDatabase(): Database {
  return (g.__warrantyDeskDatabase ??= openDatabaseFromEnv(getEnv()));
}

/** The process's one domain database client. */
export function getDb(): Db {
  return getDatabase().db;
}
