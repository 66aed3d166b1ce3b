import pg from "pg";
import type { Logger } from "../logger";
import type { ContinuationChange } from "./model";
import { CHANNEL } from "./postgres-sql";

/**
 * Other instances' transitions, heard through `LISTEN` on one dedicated connection (opened on the
 * first `watch`, reopened a second after it fails). Notifications this store sent itself
 * (`origin`) are skipped: its own runtime already knows.
 */
export function listenForChanges(options: { pool: pg.Pool; origin: string; logger: Logger }) {
  const { pool, origin, logger } = options;
  const listeners = new Set<(change: ContinuationChange) => void>();
  let client: pg.Client | null = null;

  async function listen(): Promise<void> {
    const connection = new pg.Client(pool.options);
    client = connection;
    connection.on("notification", (message) => {
      if (!message.payload) return;
      const { origin: from, ...change } = JSON.parse(message.payload) as ContinuationChange & {
        origin: string;
      };
      if (from === origin) return;
      for (const listener of listeners) listener(change);
    });
    connection.on("error", (error) => {
      logger.error("store.listen_failed", { error: error.message });
      if (client !== connection) return;
      client = null;
      setTimeout(() => void (listeners.size > 0 && !client && listen().catch(() => {})), 1_000).unref();
    });
    await connection.connect();
    await connection.query(`LISTEN ${CHANNEL}`);
  }

  return {
    watch(listener: (change: ContinuationChange) => void): () => void {
      listeners.add(listener);
      if (!client) {
        listen().catch((error: unknown) =>
          logger.error("store.listen_failed", {
            error: error instanceof Error ? error.message : String(error),
          }),
        );
      }
      return () => void listeners.delete(listener);
    },
    async close(): Promise<void> {
      listeners.clear();
      const connection = client;
      client = null;
      await connection?.end().catch(() => {});
    },
  };
}
