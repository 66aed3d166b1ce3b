import type { PrismaClient, Prisma } from "@/generated/sqlite/client";
import type { Env } from "@/lib/env";

// Types only: what the domain reads and writes through. The clients themselves are opened by the
// composition root (lib/server/database.ts) and handed to the domain, which never imports it.

/**
 * The database client. Both providers share the models (prisma/models), so one API type serves
 * both: the SQLite client's, the lowest common denominator.
 */
export type Db = PrismaClient;
/** The handle a continuation callback writes through: one transaction with the status change. */
export type DbTransaction = Prisma.TransactionClient;
export type DbProvider = Env["DB_PROVIDER"];
