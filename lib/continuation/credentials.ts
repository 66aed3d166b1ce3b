import { EndpointNotAllowedError } from "./errors";

/**
 * A named credential: a base URL and the secrets to send with it. Actions write
 * `callout:<name>/<path>`; the runtime resolves it and adds the headers only at send time, so no
 * secret is ever persisted, logged or sent to a browser.
 */
export interface NamedCredential {
  /** Letters, digits and underscores, e.g. `ERP`. */
  name: string;
  baseUrl: string;
  /** Secret headers (API key, ...), read at send time. */
  headers(): Record<string, string>;
}

export interface ResolvedEndpoint {
  url: URL;
  /** The credential's secret headers (empty for an allow-listed absolute URL). */
  secretHeaders: Record<string, string>;
}

const CALLOUT_URL = /^callout:([A-Za-z][A-Za-z0-9_]*)(\/.*)?$/;

/**
 * Resolves request URLs against the named credentials and the allow-list.
 * Allowed: `callout:<Name>/path` for a known credential, or an absolute http(s) URL whose origin
 * is a credential's origin or in `allowedOrigins`. Anything else throws `EndpointNotAllowedError`.
 */
export function createEndpointResolver(options: {
  credentials: readonly NamedCredential[];
  allowedOrigins?: readonly string[];
}): (rawUrl: string) => ResolvedEndpoint {
  const byName = new Map(options.credentials.map((c) => [c.name, c]));
  const allowed = new Set([
    ...options.credentials.map((c) => new URL(c.baseUrl).origin),
    ...(options.allowedOrigins ?? []).map((o) => new URL(o).origin),
  ]);

  return (rawUrl) => {
    const named = CALLOUT_URL.exec(rawUrl);
    if (named) {
      const [, name = "", path = "/"] = named;
      const credential = byName.get(name);
      if (!credential)
        throw new EndpointNotAllowedError(rawUrl, `no named credential "${name}" is configured.`);
      const base = credential.baseUrl.replace(/\/+$/, "");
      return { url: new URL(base + path), secretHeaders: credential.headers() };
    }
    let url: URL;
    try {
      url = new URL(rawUrl);
    } catch {
      throw new EndpointNotAllowedError(rawUrl, "it is neither callout:<Name>/<path> nor an absolute URL.");
    }
    if (url.protocol !== "http:" && url.protocol !== "https:") {
      throw new EndpointNotAllowedError(rawUrl, `the ${url.protocol} scheme is not allowed.`);
    }
    if (!allowed.has(url.origin)) {
      throw new EndpointNotAllowedError(rawUrl, `${url.origin} is not on the allow-list.`);
    }
    return { url, secretHeaders: {} };
  };
}
