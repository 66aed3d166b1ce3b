import type { NextConfig } from "next";
import { securityHeaders } from "./lib/http/security-headers";
import { SERVER_ACTION_BODY_LIMIT_BYTES } from "./lib/http/server-action-guard";

const nextConfig: NextConfig = {
  // Native and database packages stay outside the server bundle.
  serverExternalPackages: ["better-sqlite3", "@prisma/adapter-better-sqlite3", "bcryptjs"],
  poweredByHeader: false,
  experimental: {
    // proxy.ts answers a larger server action 413 from its Content-Length; these bound what Next
    // reads for the action and buffers for the proxy.
    serverActions: { bodySizeLimit: SERVER_ACTION_BODY_LIMIT_BYTES },
    proxyClientMaxBodySize: SERVER_ACTION_BODY_LIMIT_BYTES,
  },
  async headers() {
    // Every response; pages also get their Content-Security-Policy from proxy.ts.
    return [{ source: "/:path*", headers: securityHeaders() }];
  },
};

export default nextConfig;
