import "server-only";
import { createHash, randomBytes } from "node:crypto";
import { getIronSession, sealData, type SessionOptions } from "iron-session";
import { cookies, headers } from "next/headers";
import { notFound, redirect } from "next/navigation";
import { getEnv } from "@/lib/env";
import { REQUEST_PATH_HEADER, signInPath } from "@/lib/http/return-path";
import { getDb } from "./db";
import { getSessionSecret } from "./session-secret";

/** What the sealed cookie holds: only the id of a Session row. */
interface CookieData {
  sessionId?: string;
}

export interface SignedInAgent {
  id: string;
  username: string;
  displayName: string;
  /** agent, or operator (sees everyone's work in /ops and the metrics). */
  role: "agent" | "operator";
}

export const SESSION_COOKIE = "warranty_desk_session";
const SESSION_TTL_SECONDS = 8 * 60 * 60;

function cookieOptions(): SessionOptions {
  return {
    cookieName: SESSION_COOKIE,
    password: getSessionSecret(),
    ttl: SESSION_TTL_SECONDS,
    cookieOptions: { httpOnly: true, sameSite: "lax", secure: getEnv().COOKIE_SECURE, path: "/" },
  };
}

async function getCookie() {
  return getIronSession<CookieData>(await cookies(), cookieOptions());
}

/**
 * The continuation proxy's cookie, set inside a frame on another site (docs/decisions/008): it
 * names the same Session row as the desk's cookie, so signing out in the desk ends it too.
 * Partitioned by the host's site, and therefore always Secure (browsers accept that on loopback http).
 */
export const EMBED_COOKIE = "__Host-warranty_desk_embed";

function embedCookieOptions(ttlSeconds = SESSION_TTL_SECONDS): SessionOptions {
  return {
    cookieName: EMBED_COOKIE,
    password: getSessionSecret(),
    ttl: ttlSeconds,
    cookieOptions: { httpOnly: true, sameSite: "none", secure: true, partitioned: true, path: "/" },
  };
}

/**
 * The Session row this request acts under: the desk's cookie, else the embed cookie, the latter
 * only on what the proxy frame itself sends (same-origin fetches, actions and streams, or the frame's
 * document): other pages of the host's site share the cookie's partition and must not use it.
 */
export async function currentSessionId(): Promise<string | null> {
  const { sessionId } = await getCookie();
  if (sessionId) return sessionId;
  if (!(await cookies()).has(EMBED_COOKIE)) return null;
  const request = await headers();
  const fromFrame =
    request.get("sec-fetch-site") === "same-origin" || request.get("sec-fetch-dest") === "iframe";
  if (!fromFrame) return null;
  return (await getIronSession<CookieData>(await cookies(), embedCookieOptions())).sessionId ?? null;
}

/**
 * Signs the proxy frame in under an existing Session row (after the code exchange): the embed
 * cookie, living as long as the row has left.
 */
export async function startEmbedSession(sessionId: string, expiresAt: Date): Promise<void> {
  const ttl = Math.max(1, Math.floor((expiresAt.getTime() - Date.now()) / 1000));
  const cookie = await getIronSession<CookieData>(await cookies(), embedCookieOptions(ttl));
  cookie.sessionId = sessionId;
  await cookie.save();
  agentByRequest.delete(await cookies());
}

/** The row's agent and expiry while the Session row is live, else null. */
export async function findLiveSession(sessionId: string) {
  const session = await getDb().session.findUnique({
    where: { id: sessionId },
    select: {
      expiresAt: true,
      agent: { select: { id: true, username: true, displayName: true, role: true } },
    },
  });
  if (!session || session.expiresAt <= new Date()) return null;
  const role: SignedInAgent["role"] = session.agent.role === "operator" ? "operator" : "agent";
  return { expiresAt: session.expiresAt, agent: { ...session.agent, role } };
}

/** Starts a session for the agent: a Session row, and the sealed (iron-session) cookie naming it. */
export async function startSession(agentId: string): Promise<void> {
  const id = randomBytes(32).toString("base64url");
  await getDb().session.create({
    data: { id, agentId, expiresAt: new Date(Date.now() + SESSION_TTL_SECONDS * 1000) },
  });
  const cookie = await getCookie();
  cookie.sessionId = id;
  await cookie.save();
  agentByRequest.delete(await cookies());
}

/**
 * A session for a server-side client acting as the agent (the lab's simulated agents): the
 * `cookie` header value to send, and `end` to delete the session when done.
 */
export async function createSessionCookie(
  agentId: string,
  ttlSeconds = 60 * 60,
): Promise<{ cookie: string; end: () => Promise<void> }> {
  const id = randomBytes(32).toString("base64url");
  await getDb().session.create({
    data: { id, agentId, expiresAt: new Date(Date.now() + ttlSeconds * 1000) },
  });
  const sealed = await sealData({ sessionId: id } satisfies CookieData, {
    password: getSessionSecret(),
    ttl: ttlSeconds,
  });
  return {
    cookie: `${SESSION_COOKIE}=${sealed}`,
    end: async () => void (await getDb().session.deleteMany({ where: { id } })),
  };
}

/** Ends this browser's session: the row goes, so the cookie is worthless even if copied. */
export async function endSession(): Promise<void> {
  const cookie = await getCookie();
  if (cookie.sessionId) await getDb().session.deleteMany({ where: { id: cookie.sessionId } });
  cookie.destroy();
  agentByRequest.delete(await cookies());
}

// One session read per request, however many callers ask (a route's access check, then the
// action's owner): Next.js hands every `cookies()` call of one request the same store. Signing in or
// out forgets it.
const agentByRequest = new WeakMap<object, Promise<SignedInAgent | null>>();

/** The signed-in agent, or null (no cookie, signed out, expired, or the agent is gone). */
export async function getSignedInAgent(): Promise<SignedInAgent | null> {
  const store = await cookies();
  let agent = agentByRequest.get(store);
  if (!agent) {
    agent = readSignedInAgent();
    agentByRequest.set(store, agent);
  }
  return agent;
}

async function readSignedInAgent(): Promise<SignedInAgent | null> {
  const sessionId = await currentSessionId();
  return sessionId ? ((await findLiveSession(sessionId))?.agent ?? null) : null;
}

/**
 * A key for this browser's session that is not its secret (a hash of the sealed cookie): the same
 * in every tab, different after signing in again. Null without a cookie.
 */
export async function sessionKey(): Promise<string | null> {
  const value = (await cookies()).get(SESSION_COOKIE)?.value;
  return value ? createHash("sha256").update(value).digest("base64url") : null;
}

/**
 * The signed-in agent; sends anyone else to the sign-in page, which returns to this page afterwards
 * (proxy.ts names the page in a request header; the sign-in page checks it again).
 */
export async function requireAgent(): Promise<SignedInAgent> {
  const agent = await getSignedInAgent();
  if (!agent) redirect(signInPath((await headers()).get(REQUEST_PATH_HEADER)));
  return agent;
}

/**
 * The signed-in operator; a 404 for everyone else (agents must not learn that /ops exists), and the
 * sign-in page for a browser with no session.
 */
export async function requireOperator(): Promise<SignedInAgent> {
  const agent = await requireAgent();
  if (agent.role !== "operator") notFound();
  return agent;
}
