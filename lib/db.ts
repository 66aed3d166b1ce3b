import "server-only";
import { PrismaClient, type Prisma } from "@/generated/sqlite/client";
import { getEnv } from "./env";
import { createSerializedSqliteAdapter } from "./sqlite-adapter";

export type Db = PrismaClient;
/** The handle a continuation callback writes through: one transaction with the status change. */
export type DbTransaction = Prisma.TransactionClient;

/** A client on a given SQLite file (tests and scripts use their own). */
export function createDb(url: string): Db {
  return new PrismaClient({ adapter: createSerializedSqliteAdapter(url) });
}

const g = globalThis as unknown as { __warrantyDeskDb?: Db };

/** The process's one database client. */
export function getDb(): Db {
  return (g.__warrantyDeskDb ??= createDb(getEnv().SQLITE_URL));
}
