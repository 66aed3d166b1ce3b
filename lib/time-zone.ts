/** The cookie in which the browser tells the server the agent's time zone (an IANA name). */
export const TIME_ZONE_COOKIE = "desk_tz";

/** `zone` when this runtime knows it as a time zone, else UTC. */
export function knownTimeZone(zone: string | undefined): string {
  if (!zone || zone.length > 64) return "UTC";
  try {
    return new Intl.DateTimeFormat("en-GB", { timeZone: zone }).resolvedOptions().timeZone;
  } catch {
    return "UTC";
  }
}
