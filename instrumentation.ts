/** Runs once when the server starts, before any request: starts the continuation runtime. */
export async function register() {
  if (process.env.NEXT_RUNTIME === "nodejs") {
    const { startRuntime } = await import("./lib/server/runtime");
    await startRuntime();
  }
}
