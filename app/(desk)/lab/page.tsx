import type { Metadata } from "next";
import { resolveLimits } from "@/lib/continuation";
import { getEnv } from "@/lib/env";
import { LabConsole } from "./lab-console";

export const dynamic = "force-dynamic";
export const metadata: Metadata = { title: "Lab" };

export default function LabPage() {
  const env = getEnv();
  return (
    <div className="space-y-6">
      <div>
        <h1 className="text-2xl font-semibold tracking-tight">Lab</h1>
        <p className="max-w-3xl text-sm text-slate-600">
          The same Get warranty, waited for in three ways while the ERP is slow: simulated agents click it on
          this server under the same load, and you see what they get. Run a preset once in each mode and
          compare the verdicts side by side.
        </p>
        <p className="mt-2 max-w-3xl text-sm text-slate-600">
          Your own lookups are not touched: the lab&apos;s clicks reach the ERP through a connection of their
          own (<span className="font-mono">ERP_LAB</span>, with its own circuit breaker), the slow ERP is
          simulated for them only, and its synchronous modes have their own limit. They share only this
          server&apos;s processor and database. One run at a time; everyone sees the same runs.
        </p>
      </div>
      <LabConsole
        limits={{
          maxLongRunning: env.SYNC_MAX_LONG_RUNNING,
          longRunningAfterMs: env.SYNC_LONG_RUNNING_MS,
          failFastTimeoutMs: env.FAIL_FAST_TIMEOUT_MS,
          continuationTimeoutMs: resolveLimits(env.CONTINUATION_LIMITS).defaultTimeoutSeconds * 1_000,
        }}
      />
    </div>
  );
}
