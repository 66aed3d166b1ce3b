import type { SqlDriverAdapter, Transaction } from "@prisma/driver-adapter-utils";

/** A lock on the one connection, shared with the continuation store. */
export interface ConnectionLock {
  acquire(): Promise<() => void>;
  runExclusive<T>(work: () => Promise<T> | T): Promise<T>;
}

/**
 * The better-sqlite3 adapter runs everything on one connection and only serializes transactions
 * among themselves: a plain query issued while a transaction is open would run *inside* it (and
 * be lost if it rolls back, or see its uncommitted writes). Continuation steps run in
 * transactions while other requests keep writing, so every statement here takes the lock the
 * store's transactions take: plain queries wait until the open transaction ends.
 *
 * A query made on this client from inside a step's callback therefore waits for that step: use
 * the callback's `tx` (the runtime's callback timeout turns a mistake into an error).
 */
export function serializedAdapter(adapter: SqlDriverAdapter, lock: ConnectionLock): SqlDriverAdapter {
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

/**
 * An adapter whose transactions are enlisted in one the continuation store already opened on
 * the same connection: Prisma's "phantom" transactions (no BEGIN or COMMIT of their own; the
 * store commits or rolls back the whole step). Queries run on the adapter's connection as they
 * are, so this client must only be used inside a step (the store holds the connection then).
 */
export function enlistedAdapter(adapter: SqlDriverAdapter): SqlDriverAdapter {
  const noop = async () => {};
  return {
    provider: adapter.provider,
    adapterName: adapter.adapterName,
    queryRaw: (query) => adapter.queryRaw(query),
    executeRaw: (query) => adapter.executeRaw(query),
    executeScript: (script) => adapter.executeScript(script),
    getConnectionInfo: adapter.getConnectionInfo?.bind(adapter),
    dispose: noop,
    async startTransaction(): Promise<Transaction> {
      return {
        provider: adapter.provider,
        adapterName: adapter.adapterName,
        options: { usePhantomQuery: true },
        queryRaw: (query) => adapter.queryRaw(query),
        executeRaw: (query) => adapter.executeRaw(query),
        commit: noop,
        rollback: noop,
      };
    },
  };
}
