import "server-only";
import { cookies } from "next/headers";
import { knownTimeZone, TIME_ZONE_COOKIE } from "@/lib/time-zone";

/**
 * The agent's time zone as their browser last reported it (a cookie), so the server renders
 * times in it; UTC until it has, or when the cookie names no zone this server knows.
 */
export async function agentTimeZone(): Promise<string> {
  return knownTimeZone((await cookies()).get(TIME_ZONE_COOKIE)?.value);
}
