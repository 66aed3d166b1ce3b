import { NextResponse, type NextRequest } from "next/server";
import { getEnv } from "@/lib/env";
import { buildContentSecurityPolicy, createNonce, EMBED_PROXY_PATH } from "@/lib/http/security-headers";
import { REQUEST_PATH_HEADER } from "@/lib/http/return-path";
import { checkPagePost } from "@/lib/http/server-action-guard";

/**
 * Every page request: a POST (a server action) is checked before Next.js decodes it, and the page
 * gets a Content-Security-Policy with a fresh nonce. Next.js reads the nonce from the request's CSP
 * header and puts it on every script it renders, which is why every page renders dynamically
 * (app/layout.tsx). The headers every response carries come from next.config.ts.
 */
export async function proxy(request: NextRequest): Promise<NextResponse> {
  if (request.method === "POST") {
    const refusal = await checkPagePost(request);
    if (refusal) {
      // Exactly `text/plain`: Next's client router then shows the sentence as the action's error.
      return new NextResponse(refusal.message, {
        status: refusal.status,
        headers: { "content-type": "text/plain", "cache-control": "no-store" },
      });
    }
  }
  // Only the continuation proxy page may be framed, and only by EMBED_ORIGINS (none: by nobody).
  const frameAncestors = request.nextUrl.pathname === EMBED_PROXY_PATH ? getEnv().EMBED_ORIGINS : [];
  const policy = buildContentSecurityPolicy({
    nonce: createNonce(),
    frameAncestors,
    isDevelopment: process.env.NODE_ENV === "development",
    upgradeInsecureRequests: request.nextUrl.protocol === "https:",
  });
  const requestHeaders = new Headers(request.headers);
  requestHeaders.set("content-security-policy", policy);
  requestHeaders.set(REQUEST_PATH_HEADER, pagePath(request));
  const response = NextResponse.next({ request: { headers: requestHeaders } });
  response.headers.set("content-security-policy", policy);
  // next.config.ts sends X-Frame-Options: DENY everywhere but there; there it follows the list.
  if (frameAncestors.length === 0) response.headers.set("x-frame-options", "DENY");
  return response;
}

/** The page's path and query as the agent sees it (without the router's `_rsc` cache key). */
function pagePath(request: NextRequest): string {
  const url = request.nextUrl.clone();
  url.searchParams.delete("_rsc");
  return `${url.pathname}${url.search}`;
}

export const config = {
  // Pages only: the API routes read their own bodies within their own limit (a body would
  // otherwise be buffered for the proxy), and static files need no policy. Prefetches are not
  // skipped (as Next's guide suggests): a header a client chooses must not take a POST past the checks.
  matcher: ["/((?!api/|_next/static/|_next/image|favicon.ico|icon.svg).*)"],
};
