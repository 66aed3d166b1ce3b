import "server-only";
import type { Env } from "@/lib/env";

/**
 * Starts exporting traces when OTEL_EXPORTER_OTLP_ENDPOINT is set: a Node tracer provider (its
 * AsyncLocalStorage context, W3C propagation) batching spans to an OTLP/HTTP collector. Unset:
 * nothing is loaded or registered, and the runtime's spans (lib/continuation/engine/tracing.ts)
 * stay no-ops. Called once from instrumentation.ts, before the runtime starts. The exporter
 * reads the standard OTEL_EXPORTER_OTLP_* variables itself (headers, timeouts, a traces-only URL).
 * Returns whether tracing was started.
 */
export async function startTracing(env: Pick<Env, "OTEL_EXPORTER_OTLP_ENDPOINT" | "OTEL_SERVICE_NAME">) {
  if (!env.OTEL_EXPORTER_OTLP_ENDPOINT) return false;
  const [{ NodeTracerProvider, BatchSpanProcessor }, { OTLPTraceExporter }, { resourceFromAttributes }] =
    await Promise.all([
      import("@opentelemetry/sdk-trace-node"),
      import("@opentelemetry/exporter-trace-otlp-http"),
      import("@opentelemetry/resources"),
    ]);
  const provider = new NodeTracerProvider({
    resource: resourceFromAttributes({ "service.name": env.OTEL_SERVICE_NAME }),
    spanProcessors: [new BatchSpanProcessor(new OTLPTraceExporter())],
  });
  provider.register();
  // Best effort: send what is batched before the process exits (the runtime's own shutdown exits soon after).
  const flush = () => void provider.shutdown().catch(() => {});
  process.once("SIGTERM", flush);
  process.once("SIGINT", flush);
  return true;
}
