/**
 * Stops a mock service cleanly on SIGTERM or SIGINT: `close` (once), then exit 0, and exit within a
 * second even if closing stalls (a client holding a connection open, say).
 */
export function stopOnSignals(name: string, close: () => Promise<void>): void {
  let stopping = false;
  const shutdown = () => {
    if (stopping) return;
    stopping = true;
    setTimeout(() => process.exit(0), 900).unref();
    close().then(
      () => process.exit(0),
      (error: unknown) => {
        console.error(`${name}: error while closing`, error);
        process.exit(0);
      },
    );
  };
  process.once("SIGTERM", shutdown);
  process.once("SIGINT", shutdown);
}
