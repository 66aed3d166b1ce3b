"use client";

import { formatClockIn, formatExact, useDeskClock } from "../(desk)/clock";

/**
 * A moment in the viewer's zone: "14:03:05.123", or with its day and zone ("5 Dec 2026,
 * 14:03:05.123 CET"). Milliseconds matter on a timeline; they are the same in every zone.
 */
export function ExactTime({ at, withDate = false }: { at: string; withDate?: boolean }) {
  const { timeZone } = useDeskClock();
  const millis = `.${String(new Date(at).getUTCMilliseconds()).padStart(3, "0")}`;
  const text = withDate
    ? formatExact(at, timeZone).replace(/(\d\d:\d\d:\d\d)/, `$1${millis}`)
    : `${formatClockIn(at, timeZone)}${millis}`;
  return (
    <time dateTime={at} suppressHydrationWarning className="tabular-nums">
      {text}
    </time>
  );
}
