import { AsyncLocalStorage } from "node:async_hooks";
import type BetterSqlite3 from "better-sqlite3";
import { PrismaBetterSQLite3 } from "@prisma/adapter-better-sqlite3";
import { PrismaPg } from "@prisma/adapter-pg";
import type { SqlDriverAdapter, SqlDriverAdapterFactory } from "@prisma/driver-adapter-utils";
import { Mutex } from "async-mutex";
import pg from "pg";
import { PrismaClient as PostgresClient } from "@/generated/postgres/client";
import { PrismaClient } from "@/generated/sqlite/client";
import { createPostgresStore, createSqliteStore, type ContinuationStore } from "@/lib/continuation";
import type { Db, DbProvider, DbTransaction } from "@/lib/db";
import type { Env } from "@/lib/env";
import { enlistedAdapter, serializedAdapter } from "./prisma-adapters";

// Not `server-only`: the start and seed scripts, tests and benchmarks open databases too.

export type { Db, DbProvider, DbTransaction };

/** The domain's client and the continuation store, on one database and sharing its connections. */
export interface Database {
  provider: DbProvider;
  db: Db;
  store: ContinuationStore<DbTransaction>;
  close(): Promise<void>;
}

/** How long a callback's writes may hold the step's transaction open. */
const TRANSACTION_TIMEOUT_MS = 10_000;

/**
 * Opens a database for the app: Prisma for the domain tables, the driver-level store for the
 * runtime's (docs/decisions/006). A callback's domain writes join the store's open transaction:
 * a second Prisma client whose transactions are "phantoms" enlisted on the store's connection
 * (SQLite: the one connection, under the shared lock; PostgreSQL: the step's pooled connection,
 * found through AsyncLocalStorage), so the step's transition and the domain's rows commit together.
 */
export function openDatabase(provider: DbProvider, url: string): Database {
  return provider === "postgres" ? openPostgres(url) : openSqlite(url);
}

function openSqlite(url: string): Database {
  const lock = new Mutex();
  const opened = new PrismaBetterSQLite3({ url, timeout: 10_000 }).connect().then((adapter) => {
    const database = underlyingSqlite(adapter);
    // WAL with synchronous=NORMAL: a commit survives a crash of the process (the WAL is written
    // before COMMIT returns); only a power loss may lose the last commits (no fsync per commit).
    database.pragma("journal_mode = WAL");
    database.pragma("synchronous = NORMAL");
    database.pragma("foreign_keys = ON");
    return { adapter, database };
  });
  const db = new PrismaClient({
    adapter: factory("sqlite", () => opened.then((o) => serializedAdapter(o.adapter, lock))),
  });
  const enlisted = new PrismaClient({
    adapter: factory("sqlite", () => opened.then((o) => enlistedAdapter(o.adapter))),
  });
  const store = createSqliteStore<DbTransaction>({
    database: opened.then((o) => o.database),
    lock,
    transactions: { enlist: (_connection, work) => enlisted.$transaction(work, transactionOptions) },
  });
  return {
    provider: "sqlite",
    db,
    store,
    async close() {
      await store.close();
      await enlisted.$disconnect();
      await db.$disconnect();
    },
  };
}

function openPostgres(url: string): Database {
  const pool = new pg.Pool({ connectionString: url, max: 20, allowExitOnIdle: true });
  // An idle connection the server closed (a restart, a dropped database) is replaced on next use;
  // without a listener its error would end the process.
  pool.on("error", (error) => process.emitWarning(`PostgreSQL connection lost: ${error.message}`));
  const db = new PostgresClient({ adapter: new PrismaPg(pool) }) as unknown as Db;
  // Queries of the enlisted client run on whichever connection the store's step holds.
  const connection = new AsyncLocalStorage<pg.PoolClient>();
  const routed = new PrismaPg(new StepConnectionPool(connection));
  const enlisted = new PostgresClient({
    adapter: factory("postgres", async () => enlistedAdapter(await routed.connect())),
  }) as unknown as Db;
  const store = createPostgresStore<DbTransaction>({
    pool,
    transactions: {
      enlist: (client, work) => connection.run(client, () => enlisted.$transaction(work, transactionOptions)),
    },
  });
  return {
    provider: "postgres",
    db,
    store,
    async close() {
      await store.close();
      await enlisted.$disconnect();
      await db.$disconnect();
      await pool.end();
    },
  };
}

const transactionOptions = { timeout: TRANSACTION_TIMEOUT_MS, maxWait: TRANSACTION_TIMEOUT_MS };

/** A pool that owns no connection: every query goes to the step's connection, bound by the store. */
class StepConnectionPool extends pg.Pool {
  constructor(private readonly connection: AsyncLocalStorage<pg.PoolClient>) {
    super({ max: 1 });
  }
  current(): pg.PoolClient {
    const client = this.connection.getStore();
    if (!client) throw new Error("The callback's transaction handle was used outside its step.");
    return client;
  }
}
// Prisma's adapter calls `query(config)` only; pg's overloads make an override awkward to type.
StepConnectionPool.prototype.query = function (this: StepConnectionPool, config: pg.QueryConfig) {
  return this.current().query(config);
} as pg.Pool["query"];

function factory(
  provider: "sqlite" | "postgres",
  connect: () => Promise<SqlDriverAdapter>,
): SqlDriverAdapterFactory {
  return { provider, adapterName: `warranty-desk-${provider}`, connect };
}

/**
 * The better-sqlite3 connection inside Prisma's adapter (6.19.3 keeps it as `client`), so the
 * store shares the connection. Checked, so an upgrade that moves it fails at start-up, loudly.
 */
function underlyingSqlite(adapter: SqlDriverAdapter): BetterSqlite3.Database {
  const client = (adapter as unknown as { client?: BetterSqlite3.Database }).client;
  if (!client || typeof client.prepare !== "function") {
    throw new Error(
      "Prisma's better-sqlite3 adapter no longer exposes its connection; see lib/server/database.ts.",
    );
  }
  return client;
}

/** A Prisma client on a database (the domain's only: scripts such as the seed). */
export function createDb(provider: DbProvider, url: string): Db {
  return openDatabase(provider, url).db;
}

/** The database the configuration asks for. */
export function openDatabaseFromEnv(env: Pick<Env, "DB_PROVIDER" | "DATABASE_URL" | "SQLITE_URL">): Database {
  return env.DB_PROVIDER === "postgres"
    ? openDatabase("postgres", env.DATABASE_URL!)
    : openDatabase("sqlite", env.SQLITE_URL);
}

/** The domain's client the configuration asks for (scripts). */
export function createDbFromEnv(env: Pick<Env, "DB_PROVIDER" | "DATABASE_URL" | "SQLITE_URL">): Db {
  return openDatabaseFromEnv(env).db;
}
