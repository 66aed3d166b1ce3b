/**
 * Runs once when the server starts, before any request: stamps each request with its TCP peer's
 * address (the sign-in throttle's client address), starts exporting traces when configured and
 * starts the continuation runtime.
 */
export async function register() {
  if (process.env.NEXT_RUNTIME === "nodejs") {
    const { stampPeerAddresses } = await import("./lib/server/peer-address");
    stampPeerAddresses();
    // Tracing first (when configured), so the runtime's spans have somewhere to go.
    const { getEnv } = await import("./lib/env");
    const { startTracing } = await import("./lib/server/telemetry/tracing");
    await startTracing(getEnv());
    const { startRuntime } = await import("./lib/server/runtime");
    await startRuntime();
  }
}
