import "server-only";
import { getIronSession, type SessionOptions } from "iron-session";
import { cookies } from "next/headers";
import { redirect } from "next/navigation";
import { getDb } from "@/lib/db";
import { getEnv } from "@/lib/env";
import { getSessionSecret } from "./session-secret";

export interface SessionData {
  agentId?: string;
}

export interface SignedInAgent {
  id: string;
  username: string;
  displayName: string;
}

export const SESSION_COOKIE = "warranty_desk_session";

function sessionOptions(): SessionOptions {
  return {
    cookieName: SESSION_COOKIE,
    password: getSessionSecret(),
    ttl: 8 * 60 * 60,
    cookieOptions: { httpOnly: true, sameSite: "lax", secure: getEnv().COOKIE_SECURE, path: "/" },
  };
}

/** The sealed (iron-session) cookie session of this request. */
export async function getSession() {
  return getIronSession<SessionData>(await cookies(), sessionOptions());
}

/** The signed-in agent, or null (also when the agent no longer exists). */
export async function getSignedInAgent(): Promise<SignedInAgent | null> {
  const { agentId } = await getSession();
  if (!agentId) return null;
  return getDb().agent.findUnique({
    where: { id: agentId },
    select: { id: true, username: true, displayName: true },
  });
}

/** The signed-in agent; sends anyone else to the sign-in page. */
export async function requireAgent(): Promise<SignedInAgent> {
  const agent = await getSignedInAgent();
  if (!agent) redirect("/sign-in");
  return agent;
}
