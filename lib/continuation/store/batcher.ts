/**
 * Collects items that arrive while earlier batches are being written and writes them together:
 * at most `concurrency` batches in flight, each taking everything queued when it starts. Alone,
 * an item is written at once as a batch of one. Each caller's promise settles with its batch.
 */
export function createBatcher<T>(
  write: (items: T[]) => Promise<void>,
  options: { concurrency: number; maxBatch: number },
): (item: T) => Promise<void> {
  let queue: { item: T; resolve: () => void; reject: (error: unknown) => void }[] = [];
  let inFlight = 0;

  function next(): void {
    if (inFlight >= options.concurrency || queue.length === 0) return;
    const batch = queue.slice(0, options.maxBatch);
    queue = queue.slice(batch.length);
    inFlight++;
    write(batch.map((b) => b.item))
      .then(
        () => batch.forEach((b) => b.resolve()),
        (error: unknown) => batch.forEach((b) => b.reject(error)),
      )
      .finally(() => {
        inFlight--;
        next();
      });
    next();
  }

  return (item) =>
    new Promise<void>((resolve, reject) => {
      queue.push({ item, resolve, reject });
      next();
    });
}
