import { getEnv } from "@/lib/env";
import { getDb } from "@/lib/server/db";
import { getRuntime } from "@/lib/server/runtime";

export const dynamic = "force-dynamic";

async function check(probe: () => Promise<unknown>): Promise<{ ok: boolean; error?: string }> {
  try {
    await probe();
    return { ok: true };
  } catch (error) {
    return { ok: false, error: error instanceof Error ? error.message : String(error) };
  }
}

/**
 * Liveness and reachability: 200 when the database and the ERP answer, 503 when one does not;
 * with the state of each named credential's circuit breaker and what this instance holds
 * (suspended continuations, callouts in flight).
 */
export async function GET() {
  const env = getEnv();
  const [database, erp] = await Promise.all([
    check(() => getDb().$queryRaw`SELECT 1`),
    check(async () => {
      const response = await fetch(new URL("/health", env.ERP_URL), {
        signal: AbortSignal.timeout(2_000),
        cache: "no-store",
      });
      if (!response.ok) throw new Error(`HTTP ${response.status}`);
    }),
  ]);
  const ok = database.ok && erp.ok;
  return Response.json(
    {
      status: ok ? "ok" : "degraded",
      database: { ...database, provider: env.DB_PROVIDER },
      erp: { ...erp, url: env.ERP_URL },
      breakers: getRuntime().breakers(),
      runtime: getRuntime().stats(),
    },
    { status: ok ? 200 : 503, headers: { "cache-control": "no-store" } },
  );
}
