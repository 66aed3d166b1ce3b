"use client";

import { useEffect, useRef } from "react";
import { useAnnounce } from "./announcer";
import { formatCountdown, useNow } from "./clock";
import { useHealth } from "./erp-status";

/** The failure code of a request the desk did not send because the ERP's breaker was open. */
export const PAUSED_CODE = "ERP_UNAVAILABLE";

/**
 * Whether requests through `credentials` are paused now (an open circuit breaker), and for how
 * much longer: `remainingMs` counts down to the moment the breaker lets a probe through, when the
 * desk's buttons come back by themselves.
 */
export function useErpPause(credentials?: readonly string[]): { paused: boolean; remainingMs: number } {
  const health = useHealth();
  const current = useNow();
  const until = (health.data?.breakers ?? [])
    .filter((b) => b.state === "open" && b.probeAt && (!credentials || credentials.includes(b.credential)))
    .reduce((latest, b) => Math.max(latest, Date.parse(b.probeAt!)), 0);
  const remainingMs = until - current;
  return { paused: remainingMs > 0, remainingMs: Math.max(0, remainingMs) };
}

/**
 * One banner for an outage, with a countdown, instead of a red message on every row. Announced
 * once when it appears.
 */
export function ErpPauseBanner() {
  const { paused, remainingMs } = useErpPause();
  const announce = useAnnounce();
  const wasPaused = useRef(false);
  useEffect(() => {
    if (paused && !wasPaused.current) {
      announce("The ERP is failing. The desk has paused requests to it and will try again shortly.");
    }
    wasPaused.current = paused;
  }, [paused, announce]);
  if (!paused) return null;
  return (
    <div className="border-b border-amber-200 bg-amber-50" data-testid="erp-pause-banner">
      <p className="mx-auto max-w-5xl px-6 py-3 text-sm text-amber-900">
        <strong className="font-semibold">The ERP is failing, so the desk has paused requests to it.</strong>{" "}
        It tries again in <span className="font-mono tabular-nums">{formatCountdown(remainingMs)}</span>;
        Retry comes back then by itself. Answers already on screen stay valid.
      </p>
    </div>
  );
}
