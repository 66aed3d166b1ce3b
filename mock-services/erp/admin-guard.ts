/**
 * Keeps web pages away from the admin API. Whoever can reach the mock ERP may steer it (it is a
 * test double on loopback), but a web page open in the browser of someone running the demo must
 * not: the browser sends that page's requests to loopback too, so the page could inject faults or
 * reset the ERP. curl, the tests and server-side clients (Node's fetch, Playwright's request
 * context) send neither `Origin` nor `Sec-Fetch-Site` and are not affected.
 *
 * Not covered: DNS rebinding (a hostile name that resolves to 127.0.0.1 makes the page
 * same-origin with the ERP as far as the browser can tell).
 */
import type { IncomingHttpHeaders } from "node:http";
import { HttpError } from "./errors";
import { mediaTypeOf, parseBody } from "./http-io";
import type { ParsedBody } from "./http-io";

/** Every request under this path prefix is an admin request and goes through this guard. */
export const ADMIN_PATH_PREFIX = "/__admin/";

/** Whether a request path belongs to the admin API (matched or not, whatever the method). */
export function isAdminPath(pathname: string): boolean {
  return pathname.startsWith(ADMIN_PATH_PREFIX);
}

/*
 * What each `Sec-Fetch-Site` value means for the admin API:
 * - "none": the user typed the URL or opened a bookmark, a top-level GET they asked for. Allowed.
 * - "same-origin": a page served by the ERP itself (it serves none). Allowed; the Origin check
 *   below still applies.
 * - "same-site": a page of another origin on the same site. A site ignores the port, and for
 *   localhost or an IP address it is the whole host, so this is exactly what a page on
 *   http://localhost:3000 (the desk, or any other dev server on the machine) sends to
 *   http://localhost:4010: the likeliest attacker here. Refused.
 * - "cross-site": any other web page. Refused.
 * Anything else (an unknown or a repeated value) is refused as well.
 */
const ALLOWED_FETCH_SITES: ReadonlySet<string> = new Set(["none", "same-origin"]);

/** The ERP's own origin as a browser spells it: plain http and the Host the request was sent to. */
function ownOrigin(host: string | undefined): string | undefined {
  if (host === undefined || host === "") return undefined;
  try {
    return new URL(`http://${host}`).origin;
  } catch {
    return undefined;
  }
}

const HOW_TO_CALL = "Call it from curl, a test or a server, which send no such header.";

const refused = (reason: string): HttpError =>
  new HttpError(
    403,
    "CROSS_ORIGIN_REFUSED",
    `The mock ERP's admin API refuses requests from web pages of another origin (${reason}). ${HOW_TO_CALL}`,
  );

/**
 * Throws 403 CROSS_ORIGIN_REFUSED when the request comes from a web page of another origin: a
 * `Sec-Fetch-Site` other than `none` or `same-origin`, or an `Origin` other than the ERP's own
 * (`http://` and the request's Host; `Origin: null` included). Requests with neither header pass.
 */
export function assertSameOriginCaller(headers: IncomingHttpHeaders): void {
  const site = headers["sec-fetch-site"];
  if (site !== undefined && !(typeof site === "string" && ALLOWED_FETCH_SITES.has(site))) {
    throw refused(`Sec-Fetch-Site: ${String(site)}`);
  }
  const origin = headers.origin;
  if (origin === undefined) return;
  const own = ownOrigin(headers.host);
  if (origin !== own) {
    throw refused(`Origin: ${origin}; its own is ${own ?? "unknown without a Host header"}`);
  }
}

/**
 * Parses an admin request body: none, or JSON sent as `application/json`. Throws 400
 * UNSUPPORTED_CONTENT_TYPE for any other content type and 400 INVALID_JSON when the JSON does not
 * parse. Besides giving a clear error, this backs up the Origin check: a browser sends a
 * cross-origin `application/json` body only after a CORS preflight, which the ERP never grants (it
 * sends no Access-Control-Allow-Origin), whereas a text/plain or form body goes out unasked.
 */
export function parseAdminBody(raw: Buffer, contentType: string | undefined): ParsedBody {
  if (raw.length === 0) return { kind: "none" };
  if (mediaTypeOf(contentType) !== "application/json") {
    const given = contentType === undefined ? "none was given" : `got "${contentType}"`;
    throw new HttpError(
      400,
      "UNSUPPORTED_CONTENT_TYPE",
      `Send admin request bodies as JSON with content-type: application/json (${given}); ` +
        `with curl, add -H 'content-type: application/json'.`,
    );
  }
  return parseBody(raw, contentType, false);
}
