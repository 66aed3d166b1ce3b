import "server-only";
import { sealData, unsealData } from "iron-session";
import { getEnv } from "@/lib/env";
import { safeReturnPath } from "@/lib/http/return-path";
import { EMBED_CONNECT_PATH } from "@/lib/http/security-headers";
import { currentSessionId, findLiveSession, startEmbedSession } from "./session";
import { getSessionSecret } from "./session-secret";

/** How long the popup's code may wait for the frame to exchange it. */
const CODE_TTL_SECONDS = 60;

interface EmbedCode {
  purpose: "embed-code";
  sessionId: string;
  host: string;
}

/** True when `host` is an origin EMBED_ORIGINS lets frame the continuation proxy. */
export function isEmbedHost(host: unknown): host is string {
  return typeof host === "string" && (getEnv().EMBED_ORIGINS as readonly string[]).includes(host);
}

/**
 * The one-time code the connect popup hands the proxy frame of `host` (docs/decisions/008): the
 * signed-in desk session, sealed for 60 s. Null when nobody is signed in.
 */
export async function mintEmbedCode(host: string): Promise<string | null> {
  const sessionId = await currentSessionId();
  if (!sessionId || !(await findLiveSession(sessionId))) return null;
  const code: EmbedCode = { purpose: "embed-code", sessionId, host };
  return sealData(code, { password: getSessionSecret(), ttl: CODE_TTL_SECONDS });
}

/**
 * Exchanges a popup's code for the frame's embed cookie. Refuses a code that is forged, expired,
 * for a host no longer allowed, or whose session has ended.
 */
export async function exchangeEmbedCode(
  code: string,
): Promise<{ ok: true; displayName: string } | { ok: false; message: string }> {
  const refused = {
    ok: false as const,
    message: "The sign-in code is invalid or has expired; sign in again.",
  };
  const data = await unsealData<Partial<EmbedCode>>(code, {
    password: getSessionSecret(),
    ttl: CODE_TTL_SECONDS,
  }).catch(() => ({}) as Partial<EmbedCode>);
  if (data.purpose !== "embed-code" || typeof data.sessionId !== "string" || !isEmbedHost(data.host)) {
    return refused;
  }
  const session = await findLiveSession(data.sessionId);
  if (!session) return refused;
  await startEmbedSession(data.sessionId, session.expiresAt);
  return { ok: true, displayName: session.agent.displayName };
}

/** Where the connect popup for `host` lives. */
export const connectPath = (host: string) => `${EMBED_CONNECT_PATH}?host=${encodeURIComponent(host)}`;

/**
 * Where a sign-in may send the agent next: back to the connect popup of an allowed host, or any
 * other path on this site (`safeReturnPath`). Anything else (another site, a connect popup for a
 * host not allowed) is the desk: no open redirect.
 */
export function afterSignIn(returnTo: unknown): string {
  const path = safeReturnPath(returnTo);
  if (!path) return "/";
  const url = new URL(path, "http://desk.invalid");
  if (url.pathname !== EMBED_CONNECT_PATH) return path;
  const host = url.searchParams.get("host");
  return isEmbedHost(host) ? connectPath(host) : "/";
}
