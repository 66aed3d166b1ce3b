import { getEnv } from "@/lib/env";
import { apiError } from "@/lib/http/api";
import { hasBearerToken } from "@/lib/http/bearer-token";
import { apiRoute } from "@/lib/server/api";
import { getRuntime } from "@/lib/server/runtime";
import { getMetrics } from "@/lib/server/telemetry/metrics";

export const dynamic = "force-dynamic";

/**
 * This instance's metrics in Prometheus text format, for a signed-in operator or a scraper sending
 * `Authorization: Bearer $METRICS_TOKEN`. A signed-in agent gets 404 (agents must not learn that
 * operators' endpoints exist); anyone else 401 with `WWW-Authenticate: Bearer`.
 */
export const GET = apiRoute({ access: "anyone" }, async ({ request, agent }) => {
  const byToken = hasBearerToken(request.headers.get("authorization"), getEnv().METRICS_TOKEN);
  if (!byToken && agent?.role !== "operator") {
    if (agent) return apiError({ code: "NOT_FOUND", message: "No such resource." }, 404);
    return apiError(
      { code: "UNAUTHENTICATED", message: "Sign in as an operator, or send the metrics bearer token." },
      401,
      { "www-authenticate": 'Bearer realm="metrics"' },
    );
  }
  getRuntime(); // the runtime (and so its observer) exists before the first scrape
  const { registry } = getMetrics();
  return new Response(await registry.metrics(), {
    headers: { "content-type": registry.contentType, "cache-control": "no-store" },
  });
});
