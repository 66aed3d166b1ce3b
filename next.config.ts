import type { NextConfig } from "next";
import { EMBED_CONNECT_PATH, EMBED_PROXY_PATH, securityHeaders } from "./lib/http/security-headers";
import { SERVER_ACTION_BODY_LIMIT_BYTES } from "./lib/http/server-action-guard";

const nextConfig: NextConfig = {
  // Native and database packages stay outside the server bundle.
  // Telemetry packages too: one copy of the OpenTelemetry API's globals, and the SDK loaded only
  // when OTEL_EXPORTER_OTLP_ENDPOINT is set.
  serverExternalPackages: [
    "better-sqlite3",
    "@prisma/adapter-better-sqlite3",
    "bcryptjs",
    "@opentelemetry/api",
    "@opentelemetry/sdk-trace-node",
    "@opentelemetry/exporter-trace-otlp-http",
    "@opentelemetry/resources",
    "prom-client",
  ],
  poweredByHeader: false,
  experimental: {
    // proxy.ts answers a larger server action 413 from its Content-Length; these bound what Next
    // reads for the action and buffers for the proxy.
    serverActions: { bodySizeLimit: SERVER_ACTION_BODY_LIMIT_BYTES },
    proxyClientMaxBodySize: SERVER_ACTION_BODY_LIMIT_BYTES,
  },
  async headers() {
    // Every response; pages also get their Content-Security-Policy from proxy.ts. The continuation
    // proxy page is the one page others may frame: whether, and who, is decided at run time from
    // EMBED_ORIGINS (proxy.ts), so it gets no X-Frame-Options here.
    // The connect popup answers its opener (the proxy frame), so it keeps COOP from cutting it.
    const special = [EMBED_PROXY_PATH, EMBED_CONNECT_PATH].map((path) => path.slice(1)).join("|");
    return [
      { source: `/((?!(?:${special})$).*)`, headers: securityHeaders() },
      {
        source: EMBED_PROXY_PATH,
        headers: securityHeaders().filter((header) => header.key !== "X-Frame-Options"),
      },
      { source: EMBED_CONNECT_PATH, headers: securityHeaders({ opener: "unsafe-none" }) },
    ];
  },
};

export default nextConfig;
