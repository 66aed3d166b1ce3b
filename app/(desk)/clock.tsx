"use client";

import { createContext, useContext, useEffect, useId, useSyncExternalStore, type ReactNode } from "react";
import { formatDate } from "@/lib/format";
import { TIME_ZONE_COOKIE } from "@/lib/time-zone";

interface DeskClock {
  /** The agent's IANA time zone: every time on the desk is shown in it. */
  timeZone: string;
  /** Answers older than this are marked stale and offer Check again. */
  staleAfterMs: number;
}

const ClockContext = createContext<DeskClock>({ timeZone: "UTC", staleAfterMs: 30 * 60_000 });

/**
 * The desk's clock settings for every time shown below it. The server renders in the zone the
 * browser reported last time (`serverTimeZone`, UTC at first); once mounted, the browser's own zone
 * is used and remembered in a cookie for the next page.
 */
export function DeskClockProvider({
  serverTimeZone,
  staleAfterMs,
  children,
}: {
  serverTimeZone: string;
  staleAfterMs: number;
  children: ReactNode;
}) {
  const timeZone = useSyncExternalStore(
    subscribeToNothing,
    () => Intl.DateTimeFormat().resolvedOptions().timeZone || serverTimeZone,
    () => serverTimeZone,
  );
  useEffect(() => {
    if (timeZone === serverTimeZone) return;
    document.cookie = `${TIME_ZONE_COOKIE}=${encodeURIComponent(timeZone)}; path=/; max-age=31536000; samesite=lax`;
  }, [timeZone, serverTimeZone]);
  return <ClockContext.Provider value={{ timeZone, staleAfterMs }}>{children}</ClockContext.Provider>;
}

// The browser's zone does not change while a page is open.
const subscribeToNothing = () => () => {};

export function useDeskClock(): DeskClock {
  return useContext(ClockContext);
}

// One ticker for the whole page, however many times are shown.
let now = Date.now();
const listeners = new Set<() => void>();
let ticker: ReturnType<typeof setInterval> | undefined;

function subscribe(listener: () => void) {
  listeners.add(listener);
  if (!ticker) {
    ticker = setInterval(() => {
      now = Date.now();
      listeners.forEach((l) => l());
    }, 1_000);
  }
  return () => {
    listeners.delete(listener);
    if (listeners.size === 0) {
      clearInterval(ticker);
      ticker = undefined;
    }
  };
}

/** Now (ms since the epoch), updated every second while the component is mounted. */
export function useNow(): number {
  return useSyncExternalStore(
    subscribe,
    () => now,
    () => now,
  );
}

/** "just now", "40 s ago", "3 min ago", "2 h ago", "3 days ago". */
export function formatAgo(ms: number): string {
  const seconds = Math.max(0, Math.round(ms / 1000));
  if (seconds < 10) return "just now";
  if (seconds < 60) return `${seconds} s ago`;
  const minutes = Math.floor(seconds / 60);
  if (minutes < 60) return `${minutes} min ago`;
  const hours = Math.floor(minutes / 60);
  if (hours < 48) return `${hours} h ago`;
  return `${Math.floor(hours / 24)} days ago`;
}

/** "1:05" for 65 s, "0:09" for 9 s (never negative). */
export function formatCountdown(ms: number): string {
  const seconds = Math.max(0, Math.ceil(ms / 1000));
  return `${Math.floor(seconds / 60)}:${String(seconds % 60).padStart(2, "0")}`;
}

function parts(iso: string, timeZone: string): Record<string, string> {
  const format = new Intl.DateTimeFormat("en-GB", {
    timeZone,
    year: "numeric",
    month: "2-digit",
    day: "2-digit",
    hour: "2-digit",
    minute: "2-digit",
    second: "2-digit",
    hourCycle: "h23",
    timeZoneName: "short",
  });
  return Object.fromEntries(format.formatToParts(new Date(iso)).map((p) => [p.type, p.value]));
}

/** "14:03:05" in `timeZone`. */
export function formatClockIn(iso: string, timeZone: string): string {
  const p = parts(iso, timeZone);
  return `${p.hour}:${p.minute}:${p.second}`;
}

/** "5 Dec 2026, 14:03:05 CET": the exact time, with its zone, in `timeZone`. */
export function formatExact(iso: string, timeZone: string): string {
  const p = parts(iso, timeZone);
  return `${formatDate(`${p.year}-${p.month}-${p.day}`)}, ${p.hour}:${p.minute}:${p.second} ${p.timeZoneName}`;
}

/** Whether an answer obtained at `iso` is older than the desk's stale age. */
export function useIsStale(iso: string | null | undefined): boolean {
  const current = useNow();
  const { staleAfterMs } = useDeskClock();
  return !!iso && current - Date.parse(iso) > staleAfterMs;
}

/**
 * When an answer was obtained: "checked 3 min ago", the exact time (in the agent's zone) on hover
 * or focus, and "out of date" once it is older than the stale age.
 */
export function CheckedAt({ at, verb = "checked" }: { at: string; verb?: string }) {
  const current = useNow();
  const { timeZone } = useDeskClock();
  const stale = useIsStale(at);
  const tip = useId();
  return (
    <span className="group relative inline-flex items-center gap-1.5 text-xs text-slate-500">
      <time
        dateTime={at}
        tabIndex={0}
        aria-describedby={tip}
        suppressHydrationWarning
        className="rounded underline decoration-dotted underline-offset-2 focus:outline-2 focus:outline-sky-700"
      >
        {verb} {formatAgo(current - Date.parse(at))}
      </time>
      {stale && (
        <span className="rounded bg-amber-100 px-1.5 py-0.5 font-medium text-amber-900">out of date</span>
      )}
      <span
        id={tip}
        role="tooltip"
        suppressHydrationWarning
        className="pointer-events-none absolute top-full left-0 z-10 mt-1 hidden rounded bg-slate-900 px-2 py-1 whitespace-nowrap text-white group-focus-within:block group-hover:block"
      >
        {formatExact(at, timeZone)}
      </span>
    </span>
  );
}

/** How long pending work has waited, and when it gives up: "waiting 12 s · gives up at 14:05:30". */
export function Waiting({ since, deadline }: { since: string; deadline: string }) {
  const current = useNow();
  const { timeZone } = useDeskClock();
  const waited = Math.max(0, Math.floor((current - Date.parse(since)) / 1000));
  return (
    <span className="text-xs text-slate-500 tabular-nums" suppressHydrationWarning>
      waiting {waited < 60 ? `${waited} s` : formatCountdown(waited * 1000)} · gives up at{" "}
      <time dateTime={deadline}>{formatClockIn(deadline, timeZone)}</time>
    </span>
  );
}

/** The day of a moment in the agent's zone ("5 Dec 2026"), the exact time on hover. */
export function LocalDate({ at }: { at: string }) {
  const { timeZone } = useDeskClock();
  const exact = formatExact(at, timeZone);
  return (
    <time dateTime={at} title={exact} suppressHydrationWarning>
      {exact.slice(0, exact.indexOf(","))}
    </time>
  );
}
