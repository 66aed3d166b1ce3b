import type { ReactNode } from "react";
import { getEnv } from "@/lib/env";
import { requireOperator } from "@/lib/server/session";
import { agentTimeZone } from "@/lib/server/time-zone";
import { DeskClockProvider } from "../(desk)/clock";
import { SkipLink } from "../(desk)/skip-link";
import { OpsHeader } from "./ops-header";

// The operators' console. Every page checks requireOperator() itself too: a layout is not
// rendered again on client navigation, and agents must get a 404 whichever way they arrive.
export default async function OpsLayout({ children }: { children: ReactNode }) {
  const operator = await requireOperator();
  const timeZone = await agentTimeZone();
  return (
    <DeskClockProvider serverTimeZone={timeZone} staleAfterMs={getEnv().STALE_AFTER_MINUTES * 60_000}>
      <SkipLink />
      <OpsHeader operator={operator} />
      <main id="main" tabIndex={-1} className="mx-auto max-w-6xl px-4 py-8 focus:outline-none sm:px-6">
        {children}
      </main>
    </DeskClockProvider>
  );
}
