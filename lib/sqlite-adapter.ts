import { PrismaBetterSQLite3 } from "@prisma/adapter-better-sqlite3";
import type { SqlDriverAdapter, SqlDriverAdapterFactory, Transaction } from "@prisma/driver-adapter-utils";
import { Mutex } from "async-mutex";

/**
 * The better-sqlite3 adapter runs everything on one connection and only serializes transactions
 * among themselves: a plain query issued while an interactive transaction is open would run
 * *inside* it (and be lost if it rolls back, or see its uncommitted writes). Continuation callbacks
 * run in interactive transactions while other requests keep writing, so every statement here takes
 * the same lock as a transaction: plain queries wait until the open transaction ends.
 *
 * A query made on the base client from inside a transaction's callback therefore waits for that
 * transaction: use the transaction handle (the runtime's callback timeout turns a mistake into an error).
 */
export function createSerializedSqliteAdapter(url: string): SqlDriverAdapterFactory {
  const factory = new PrismaBetterSQLite3({ url, timeout: 10_000 });
  return {
    provider: factory.provider,
    adapterName: factory.adapterName,
    async connect() {
      const adapter = await factory.connect();
      // WAL with synchronous=NORMAL: a commit survives a crash of the process (the WAL is written
      // before COMMIT returns); only a power loss may lose the last commits (no fsync per commit).
      await adapter.executeScript(
        "PRAGMA journal_mode = WAL; PRAGMA synchronous = NORMAL; PRAGMA foreign_keys = ON;",
      );
      return serialize(adapter);
    },
  };
}

function serialize(adapter: SqlDriverAdapter): SqlDriverAdapter {
  const lock = new Mutex();
  return {
    provider: adapter.provider,
    adapterName: adapter.adapterName,
    queryRaw: (query) => lock.runExclusive(() => adapter.queryRaw(query)),
    executeRaw: (query) => lock.runExclusive(() => adapter.executeRaw(query)),
    executeScript: (script) => lock.runExclusive(() => adapter.executeScript(script)),
    getConnectionInfo: adapter.getConnectionInfo?.bind(adapter),
    dispose: () => adapter.dispose(),
    async startTransaction(isolationLevel): Promise<Transaction> {
      const release = await lock.acquire();
      try {
        const tx = await adapter.startTransaction(isolationLevel);
        let released = false;
        const end = async (finish: () => Promise<void>) => {
          try {
            await finish();
          } finally {
            if (!released) {
              released = true;
              release();
            }
          }
        };
        return {
          provider: tx.provider,
          adapterName: tx.adapterName,
          options: tx.options,
          queryRaw: (query) => tx.queryRaw(query),
          executeRaw: (query) => tx.executeRaw(query),
          commit: () => end(() => tx.commit()),
          rollback: () => end(() => tx.rollback()),
        };
      } catch (error) {
        release();
        throw error;
      }
    },
  };
}
