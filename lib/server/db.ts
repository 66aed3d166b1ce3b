import "server-only";
import type { Db } from "@/lib/db";
import { getEnv } from "@/lib/env";
import { openDatabaseFromEnv, type Database } from "./database";
import { singleton } from "./singleton";

/** The process's one database: the domain's client and the continuation store, sharing connections. */
export function getDatabase(): Database {
  return singleton("database", () => openDatabaseFromEnv(getEnv()));
}

/** The process's one domain database client. */
export function getDb(): Db {
  return getDatabase().db;
}
