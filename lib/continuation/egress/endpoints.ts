import dns from "node:dns";
import net from "node:net";
import { EndpointNotAllowedError } from "../errors";

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
  /**
   * Let the base URL's host name resolve to a private, loopback or link-local address.
   * Granted per host name (DNS lookups do not see ports): every allow-listed origin on that host gets it.
   */
  allowPrivateNetwork?: boolean;
  /** A path under `baseUrl` that answers 2xx while the system is up (an operator's manual breaker probe). */
  probePath?: string;
}

/** The named credential a callout's URL goes through (`callout:ERP/...` → `ERP`), or null for an absolute URL. */
export function credentialOf(url: string): string | null {
  const match = /^callout:([A-Za-z0-9_]+)(?:\/|$)/.exec(url);
  return match ? match[1]! : null;
}

/** An origin callouts may reach besides the named credentials' own. */
export type AllowedOrigin = string | { origin: string; allowPrivateNetwork?: boolean };

export interface ResolvedEndpoint {
  url: URL;
  /** The credential's secret headers (empty for an allow-listed absolute URL). */
  secretHeaders: Record<string, string>;
  /** The named credential's name, or null for an allow-listed absolute URL. */
  credential: string | null;
}

/** What may be called, and how: the named credentials and the allow-list together. */
export interface EndpointPolicy {
  /**
   * Resolves `callout:<Name>/path` or an allow-listed URL; throws `EndpointNotAllowedError`
   * otherwise. Secrets are read only with `withSecrets` (at send time), never when validating.
   */
  resolve(rawUrl: string, options?: { withSecrets?: boolean }): ResolvedEndpoint;
  /** True when a URL's origin is on the allow-list (for redirects). */
  isAllowed(url: URL): boolean;
  /** A DNS lookup for the HTTP agent that refuses private, loopback and link-local answers. */
  lookup: net.LookupFunction;
}

const CALLOUT_URL = /^callout:([A-Za-z][A-Za-z0-9_]*)(\/.*)?$/;

const PRIVATE_RANGES = new net.BlockList();
for (const [network, prefix] of [
  ["0.0.0.0", 8],
  ["10.0.0.0", 8],
  ["100.64.0.0", 10],
  ["127.0.0.0", 8],
  ["169.254.0.0", 16],
  ["172.16.0.0", 12],
  ["192.168.0.0", 16],
] as const) {
  PRIVATE_RANGES.addSubnet(network, prefix, "ipv4");
}
for (const [network, prefix] of [
  ["::", 128],
  ["::1", 128],
  ["fc00::", 7],
  ["fe80::", 10],
] as const) {
  PRIVATE_RANGES.addSubnet(network, prefix, "ipv6");
}

/** True for a private, loopback, link-local (or unspecified) IPv4 or IPv6 address. */
export function isPrivateAddress(address: string): boolean {
  const mapped = /^::ffff:(\d+\.\d+\.\d+\.\d+)$/i.exec(address);
  if (mapped?.[1]) return PRIVATE_RANGES.check(mapped[1], "ipv4");
  const family = net.isIP(address);
  if (family === 0) return false;
  return PRIVATE_RANGES.check(address, family === 4 ? "ipv4" : "ipv6");
}

/**
 * Builds the endpoint policy. Allowed: `callout:<Name>/path` for a known credential, or an
 * absolute http(s) URL whose origin is a credential's or on `allowedOrigins`. A host *name* that
 * resolves to a private, loopback or link-local address is refused at connect time unless its
 * entry sets `allowPrivateNetwork` (an IP literal on the allow-list is allowed as written).
 */
export function createEndpointPolicy(options: {
  credentials: readonly NamedCredential[];
  allowedOrigins?: readonly AllowedOrigin[];
}): EndpointPolicy {
  const byName = new Map(options.credentials.map((c) => [c.name, c]));
  const entries = [
    ...options.credentials.map((c) => ({ origin: c.baseUrl, allowPrivateNetwork: c.allowPrivateNetwork })),
    ...(options.allowedOrigins ?? []).map((o) => (typeof o === "string" ? { origin: o } : o)),
  ].map((e) => ({ url: new URL(e.origin), allowPrivateNetwork: e.allowPrivateNetwork ?? false }));
  const allowed = new Set(entries.map((e) => e.url.origin));
  const privateHosts = new Set(entries.filter((e) => e.allowPrivateNetwork).map((e) => e.url.hostname));

  const lookup: net.LookupFunction = (hostname, lookupOptions, callback) => {
    dns.lookup(hostname, { ...lookupOptions, all: true }, (error, addresses) => {
      if (error) return callback(error, "", 0);
      const refused = privateHosts.has(hostname)
        ? undefined
        : addresses.find((a) => isPrivateAddress(a.address));
      if (refused) {
        const denial = new EndpointNotAllowedError(
          hostname,
          `it resolves to ${refused.address}, a private, loopback or link-local address that is not allow-listed.`,
        );
        return callback(Object.assign(denial, { errno: 0, syscall: "lookup" }), "", 0);
      }
      if (lookupOptions.all)
        return (callback as unknown as (e: null, a: dns.LookupAddress[]) => void)(null, addresses);
      const [first] = addresses;
      callback(null, first?.address ?? "", first?.family ?? 4);
    });
  };

  return {
    lookup,
    isAllowed: (url) => allowed.has(url.origin),
    resolve(rawUrl, { withSecrets = false } = {}) {
      const named = CALLOUT_URL.exec(rawUrl);
      if (named) {
        const [, name = "", path = "/"] = named;
        const credential = byName.get(name);
        if (!credential)
          throw new EndpointNotAllowedError(rawUrl, `no named credential "${name}" is configured.`);
        const base = credential.baseUrl.replace(/\/+$/, "");
        return {
          url: new URL(base + path),
          secretHeaders: withSecrets ? credential.headers() : {},
          credential: credential.name,
        };
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
      if (url.username || url.password) {
        throw new EndpointNotAllowedError(
          url.origin,
          "credentials in a URL are not allowed; use a named credential.",
        );
      }
      if (!allowed.has(url.origin)) {
        throw new EndpointNotAllowedError(rawUrl, `${url.origin} is not on the allow-list.`);
      }
      return { url, secretHeaders: {}, credential: null };
    },
  };
}
