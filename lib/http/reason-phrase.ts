// HTTP reason phrases (RFC 9110) for the statuses the ERP and its proxies answer with. A plain
// table rather than node:http's STATUS_CODES: the timeline's words run in the browser too.
const REASON_PHRASES: Readonly<Record<number, string>> = {
  200: "OK",
  201: "Created",
  202: "Accepted",
  204: "No Content",
  301: "Moved Permanently",
  302: "Found",
  304: "Not Modified",
  307: "Temporary Redirect",
  308: "Permanent Redirect",
  400: "Bad Request",
  401: "Unauthorized",
  403: "Forbidden",
  404: "Not Found",
  408: "Request Timeout",
  409: "Conflict",
  413: "Content Too Large",
  422: "Unprocessable Content",
  429: "Too Many Requests",
  500: "Internal Server Error",
  501: "Not Implemented",
  502: "Bad Gateway",
  503: "Service Unavailable",
  504: "Gateway Timeout",
};

/** The reason phrase of an HTTP status ("Service Unavailable" for 503), or null for one not listed. */
export function reasonPhrase(status: number): string | null {
  return REASON_PHRASES[status] ?? null;
}
