"use client";

import type { ReactNode } from "react";
import { Announcer } from "./announcer";
import { DeskClockProvider } from "./clock";
import { FinishedToasts } from "./finished-toasts";

/**
 * What every desk page shares while it is open: the agent's clock (zone, stale age), the one live
 * region, and the toasts that say when work finishes.
 */
export function DeskLive({
  serverTimeZone,
  staleAfterMs,
  productNames,
  children,
}: {
  serverTimeZone: string;
  staleAfterMs: number;
  productNames: Readonly<Record<string, string>>;
  children: ReactNode;
}) {
  return (
    <DeskClockProvider serverTimeZone={serverTimeZone} staleAfterMs={staleAfterMs}>
      <Announcer>
        {children}
        <FinishedToasts productNames={productNames} />
      </Announcer>
    </DeskClockProvider>
  );
}
