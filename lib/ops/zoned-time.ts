/** A wall-clock time as an operator types it: `2026-12-05T14:30` (seconds optional). */
export const LOCAL_TIME = /^(\d{4})-(\d{2})-(\d{2})T(\d{2}):(\d{2})(?::(\d{2}))?$/;

/** How far `timeZone`'s clock is ahead of UTC at the instant `ms`, in ms. */
function offsetAt(ms: number, timeZone: string): number {
  const parts = Object.fromEntries(
    new Intl.DateTimeFormat("en-GB", {
      timeZone,
      year: "numeric",
      month: "2-digit",
      day: "2-digit",
      hour: "2-digit",
      minute: "2-digit",
      second: "2-digit",
      hourCycle: "h23",
    })
      .formatToParts(new Date(ms))
      .map((p) => [p.type, Number(p.value)]),
  ) as Record<string, number>;
  const wall = Date.UTC(parts.year!, parts.month! - 1, parts.day!, parts.hour!, parts.minute!, parts.second!);
  return wall - Math.floor(ms / 1000) * 1000;
}

/**
 * The instant a wall-clock time in `timeZone` names (`2026-12-05T14:30` in Europe/Paris is
 * 13:30 UTC), or null when it is not a real date and time. In a daylight-saving gap or overlap
 * it picks one of the candidates, which is good enough for a filter.
 */
export function instantIn(local: string, timeZone: string): Date | null {
  const match = LOCAL_TIME.exec(local);
  if (!match) return null;
  const [year, month, day, hour, minute, second] = match.slice(1).map((v) => Number(v ?? 0)) as number[];
  const asUtc = Date.UTC(year!, month! - 1, day!, hour!, minute!, second!);
  const check = new Date(asUtc);
  const isReal =
    check.getUTCMonth() === month! - 1 &&
    check.getUTCDate() === day! &&
    check.getUTCHours() === hour! &&
    check.getUTCMinutes() === minute! &&
    check.getUTCSeconds() === second!;
  if (!isReal) return null;
  const first = asUtc - offsetAt(asUtc, timeZone);
  return new Date(asUtc - offsetAt(first, timeZone));
}
