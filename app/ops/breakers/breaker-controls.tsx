"use client";

import { useActionState, useState } from "react";
import type { ActionResult } from "@/lib/continuation";
import type { ProbeOutcome, ResetOutcome } from "@/lib/ops/operate-breaker";
import { Button } from "../../(desk)/ui";
import { probeBreakerAction, resetBreakerAction } from "./actions";

function probeText(result: ActionResult<ProbeOutcome>): string {
  if (!result.ok) return result.error.message;
  const p = result.data;
  const answer =
    p.statusCode >= 2000
      ? `no answer (${p.statusCode}${p.errorMessage ? `: ${p.errorMessage}` : ""})`
      : `HTTP ${p.statusCode}`;
  return `Probe of ${p.credential}: ${answer} in ${p.durationMs} ms. The breaker is ${p.state} now.`;
}

function resetText(result: ActionResult<ResetOutcome>): string {
  if (!result.ok) return result.error.message;
  return `${result.data.credential}'s breaker was reset (it was ${result.data.previous}); it is closed now.`;
}

/** Probe and Reset for one credential's breaker, each with what came of it. */
export function BreakerControls({ credential, canProbe }: { credential: string; canProbe: boolean }) {
  const [probe, probeAction, isProbing] = useActionState(probeBreakerAction, null);
  const [reset, resetAction, isResetting] = useActionState(resetBreakerAction, null);
  // The outcome of whichever the operator pressed last.
  const [last, setLast] = useState<"probe" | "reset" | null>(null);
  const shown = last === "reset" ? reset : probe;
  const outcome = last === "reset" ? reset && resetText(reset) : probe && probeText(probe);
  return (
    <div className="space-y-2">
      <div className="flex flex-wrap gap-2">
        {canProbe && (
          <form action={probeAction} onSubmit={() => setLast("probe")}>
            <input type="hidden" name="credential" value={credential} />
            <Button type="submit" tone="quiet" unavailable={isProbing} target={credential}>
              {isProbing ? "Probing…" : "Probe"}
            </Button>
          </form>
        )}
        <form action={resetAction} onSubmit={() => setLast("reset")}>
          <input type="hidden" name="credential" value={credential} />
          <Button type="submit" tone="quiet" unavailable={isResetting} target={credential}>
            {isResetting ? "Resetting…" : "Reset"}
          </Button>
        </form>
      </div>
      <p
        role="status"
        data-testid={`outcome-${credential}`}
        className={`text-sm ${shown && !shown.ok ? "text-red-700" : "text-slate-700"}`}
      >
        {outcome}
      </p>
    </div>
  );
}
