/**
 * Runs once when the server starts, before any request: stamps each request with its TCP peer's
 * address (the sign-in throttle's client address) and starts the continuation runtime.
 */
export async function register() {
  if (process.env.NEXT_RUNTIME === "nodejs") {
    const { stampPeerAddresses } = await import("./lib/server/peer-address");
    stampPeerAddresses();
    const { startRuntime } = await import("./lib/server/runtime");
    await startRuntime();
  }
}
