"use client";

import { useQuery } from "@tanstack/react-query";
import { DESK_CREDENTIALS } from "@/lib/erp/credential-names";
import type { BreakerView } from "@/lib/lab/lab-types";

/** The part of `GET /api/health` the badge reads: the details a signed-in agent gets (503 when degraded). */
interface Health {
  erp: { ok: boolean };
  breakers: BreakerView[];
}

export const healthQueryKey = ["health"] as const;

/** "14:03:05" in the browser's time zone. */
export function formatClock(iso: string): string {
  const at = new Date(iso);
  return [at.getHours(), at.getMinutes(), at.getSeconds()].map((n) => String(n).padStart(2, "0")).join(":");
}

/** What a breaker means for the agent, in one line. */
export function describeBreaker(breaker: BreakerView): string {
  if (breaker.state === "open") {
    return breaker.probeAt
      ? `failing — requests paused until ${formatClock(breaker.probeAt)}`
      : "failing — requests paused";
  }
  return breaker.state === "half-open" ? "testing the connection" : "available";
}

// The most serious state decides: an open breaker (the one paused longest), then half-open, then closed.
function worstBreaker(breakers: BreakerView[]): BreakerView | undefined {
  const rank = { open: 2, "half-open": 1, closed: 0 };
  return [...breakers].sort(
    (a, b) => rank[b.state] - rank[a.state] || (b.probeAt ?? "").localeCompare(a.probeAt ?? ""),
  )[0];
}

async function fetchHealth({ signal }: { signal: AbortSignal }): Promise<Health> {
  const response = await fetch("/api/health", { signal, cache: "no-store" });
  const body = (await response.json().catch(() => null)) as Partial<Health> | null;
  if (!body?.erp || !Array.isArray(body.breakers)) {
    throw new Error(`The health check answered HTTP ${response.status}.`);
  }
  // Only the desk's own credentials: the lab's breaker is the lab's business.
  const desk: readonly string[] = Object.values(DESK_CREDENTIALS);
  return { erp: body.erp, breakers: body.breakers.filter((b) => desk.includes(b.credential)) };
}

/** The health check as the desk reads it (the desk's breakers only), polled every 5 s, shared by the page. */
export function useHealth() {
  return useQuery({
    queryKey: healthQueryKey,
    queryFn: fetchHealth,
    refetchInterval: 5_000,
    retry: false,
  });
}

/** The ERP's circuit breaker in the desk header. */
export function ErpStatus() {
  const health = useHealth();
  const badge = badgeOf(health.data, health.isError);
  const details = health.data?.breakers.map((b) => `${b.credential}: ${describeBreaker(b)}`).join("\n");
  return (
    <span
      role="status"
      aria-label="ERP status"
      title={details}
      className={`inline-flex items-center gap-1.5 rounded-full px-2.5 py-0.5 text-xs whitespace-nowrap ${TONES[badge.tone]}`}
    >
      {badge.tone === "available" && <span aria-hidden className="size-1.5 rounded-full bg-emerald-500" />}
      {badge.text}
    </span>
  );
}

const TONES = {
  quiet: "text-slate-500",
  available: "text-slate-500",
  warning: "bg-amber-50 font-medium text-amber-800 ring-1 ring-amber-200 ring-inset",
  failing: "bg-red-50 font-medium text-red-800 ring-1 ring-red-200 ring-inset",
};

function badgeOf(health: Health | undefined, isError: boolean): { text: string; tone: keyof typeof TONES } {
  if (isError) return { text: "ERP: status unknown", tone: "quiet" };
  if (!health) return { text: "ERP: checking…", tone: "quiet" };
  const breaker = worstBreaker(health.breakers);
  if (breaker?.state === "open") return { text: `ERP ${describeBreaker(breaker)}`, tone: "failing" };
  if (breaker?.state === "half-open") return { text: "ERP: testing the connection", tone: "warning" };
  // The breaker only sees real requests; between them, the health check is what knows.
  if (!health.erp.ok) return { text: "ERP: not answering", tone: "warning" };
  return { text: "ERP: available", tone: "available" };
}
