import { PrismaPg } from "@prisma/adapter-pg";
import { PrismaClient as PostgresClient } from "@/generated/postgres/client";
import { PrismaClient, type Prisma } from "@/generated/sqlite/client";
import type { Env } from "./env";
import { createSerializedSqliteAdapter } from "./sqlite-adapter";

// Not `server-only`: the start and seed scripts make their own client. The app uses lib/db.ts.

/**
 * The database client. Both providers share the models (prisma/models), so one API type serves
 * both: the SQLite client's, the lowest common denominator.
 */
export type Db = PrismaClient;
/** The handle a continuation callback writes through: one transaction with the status change. */
export type DbTransaction = Prisma.TransactionClient;
export type DbProvider = Env["DB_PROVIDER"];

/** A client on a given database. */
export function createDb(provider: DbProvider, url: string): Db {
  if (provider === "postgres") {
    const adapter = new PrismaPg({ connectionString: url, max: 20 });
    return new PostgresClient({ adapter }) as unknown as Db;
  }
  return new PrismaClient({ adapter: createSerializedSqliteAdapter(url) });
}

/** The client the configuration asks for. */
export function createDbFromEnv(env: Pick<Env, "DB_PROVIDER" | "DATABASE_URL" | "SQLITE_URL">): Db {
  return env.DB_PROVIDER === "postgres"
    ? createDb("postgres", env.DATABASE_URL!)
    : createDb("sqlite", env.SQLITE_URL);
}
