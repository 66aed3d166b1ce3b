import { getEnv } from "@/lib/env";
import { json } from "@/lib/http/api";
import { apiRoute } from "@/lib/server/api";
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
 * Liveness and reachability: 200 when the database and the ERP answer, 503 when one does not.
 * Anyone (a load balancer, a monitor) gets only `{ status }`; a signed-in agent also gets the
 * details: the database provider, the ERP's reachability, each named credential's circuit breaker
 * and what this instance holds (suspended continuations, callouts in flight). The ERP's address
 * is never shown: it is the server's business.
 */
export const GET = apiRoute({ access: "anyone" }, async ({ agent }) => {
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
  const status = database.ok && erp.ok ? "ok" : "degraded";
  const code = status === "ok" ? 200 : 503;
  if (!agent) return json({ status }, code);
  return json(
    {
      status,
      database: { ...database, provider: env.DB_PROVIDER },
      erp,
      breakers: getRuntime().breakers(),
      runtime: getRuntime().stats(),
    },
    code,
  );
});
