/** The statements a group commit needs from its connection. */
export interface TransactionStatements {
  begin(): void;
  commit(): void;
  rollback(): void;
  savepoint(): void;
  release(): void;
  rollbackToSavepoint(): void;
}

interface Pending {
  work: () => unknown;
  resolve(value: unknown): void;
  reject(error: unknown): void;
}

/**
 * Group commit for a single connection: transactions that arrive while one is being written
 * share the next BEGIN … COMMIT, each inside its own savepoint (one that throws is rolled back
 * alone). A commit costs a write to the log whatever it holds, so under load N transactions pay
 * for one; alone, a transaction is a plain BEGIN … COMMIT. Every promise settles only after the
 * COMMIT that made it durable. `exclusive` serializes the batch with other users of the connection.
 */
export function createGroupCommit(
  statements: TransactionStatements,
  exclusive: <T>(work: () => Promise<T>) => Promise<T>,
): <T>(work: () => Promise<T> | T) => Promise<T> {
  let queue: Pending[] = [];
  let draining = false;

  async function writeBatch(batch: Pending[]): Promise<void> {
    const alone = batch.length === 1;
    const outcomes: (() => void)[] = [];
    statements.begin();
    try {
      for (const op of batch) {
        if (!alone) statements.savepoint();
        try {
          const value = await op.work();
          if (!alone) statements.release();
          outcomes.push(() => op.resolve(value));
        } catch (error) {
          if (alone) throw error;
          statements.rollbackToSavepoint();
          statements.release();
          outcomes.push(() => op.reject(error));
        }
      }
      statements.commit();
    } catch (error) {
      try {
        statements.rollback();
      } catch {
        // The connection is unusable; every operation of the batch is rejected with the cause.
      }
      for (const op of batch) op.reject(error);
      return;
    }
    for (const settle of outcomes) settle();
  }

  async function drain(): Promise<void> {
    draining = true;
    try {
      while (queue.length > 0) {
        const batch = queue;
        queue = [];
        await exclusive(() => writeBatch(batch));
      }
    } finally {
      draining = false;
    }
  }

  return <T>(work: () => Promise<T> | T) =>
    new Promise<T>((resolve, reject) => {
      queue.push({ work, resolve: resolve as (value: unknown) => void, reject });
      if (!draining) void drain();
    });
}
