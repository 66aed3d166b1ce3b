"use client";

import { formatExact, useDeskClock } from "../(desk)/clock";

/** A moment in the operator's time zone, to the second: "5 Dec 2026, 14:03:05 CET". */
export function OpsTime({ at }: { at: string }) {
  const { timeZone } = useDeskClock();
  return (
    <time dateTime={at} suppressHydrationWarning className="tabular-nums">
      {formatExact(at, timeZone)}
    </time>
  );
}

/** The operator's time zone, as the filter's times are read in. */
export function OpsTimeZone() {
  const { timeZone } = useDeskClock();
  return <span suppressHydrationWarning>{timeZone}</span>;
}
