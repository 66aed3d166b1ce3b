// The browser-side defences every response carries, built in one place: next.config.ts sends
// `securityHeaders()` on every path, and proxy.ts adds the page's Content-Security-Policy with a
// fresh nonce. Not `server-only`: next.config.ts imports it.

/** The continuation proxy page: the one page other origins (EMBED_ORIGINS) may frame. */
export const EMBED_PROXY_PATH = "/embed/continuation-proxy";
/** The popup the proxy frame opens to sign the agent in: it must keep `window.opener`. */
export const EMBED_CONNECT_PATH = "/embed/connect";

/** Who may frame a page: `'self'` or an origin (`https://portal.example.com`). */
export type FrameAncestor = "'self'" | `${"http" | "https"}://${string}`;

export interface ContentSecurityPolicyOptions {
  /** This response's nonce (see `createNonce`); Next.js puts it on every script it renders. */
  nonce: string;
  /** Who may frame the page. Empty (the default): nobody, `frame-ancestors 'none'`. */
  frameAncestors?: readonly FrameAncestor[];
  /** `next dev`: React's development build needs `eval`, and dev styles arrive without a nonce. */
  isDevelopment?: boolean;
  /** The page was served over HTTPS: have the browser upgrade any `http://` subresource. */
  upgradeInsecureRequests?: boolean;
}

export interface SecurityHeadersOptions {
  /** As for the CSP; `X-Frame-Options` is derived from it (it cannot list origins). */
  frameAncestors?: readonly FrameAncestor[];
  /**
   * `Cross-Origin-Opener-Policy`: `same-origin` (the default) cuts any other window's hold on the
   * page; `unsafe-none` keeps `window.opener`, for the embed connect popup, which answers its opener.
   */
  opener?: "same-origin" | "unsafe-none";
}

/** Browser features the desk never uses, all denied (an unrecognised name makes Chromium log an error). */
const DENIED_FEATURES = [
  "accelerometer",
  "autoplay",
  "browsing-topics",
  "camera",
  "display-capture",
  "encrypted-media",
  "fullscreen",
  "geolocation",
  "gyroscope",
  "hid",
  "idle-detection",
  "magnetometer",
  "microphone",
  "midi",
  "payment",
  "picture-in-picture",
  "publickey-credentials-get",
  "screen-wake-lock",
  "serial",
  "usb",
  "xr-spatial-tracking",
] as const;

/** `Permissions-Policy`: every feature in `DENIED_FEATURES` off, for this page and any frame in it. */
export const PERMISSIONS_POLICY = DENIED_FEATURES.map((feature) => `${feature}=()`).join(", ");

/** A fresh nonce for one response: 128 random bits, base64. */
export function createNonce(): string {
  return btoa(String.fromCharCode(...crypto.getRandomValues(new Uint8Array(16))));
}

const NONCE = /^[A-Za-z0-9+/]{16,}={0,2}$/;
const ORIGIN = /^https?:\/\/[a-z0-9.-]+(:\d{1,5})?$/i;

/** The frame-ancestors sources, each checked: a value goes into a header, so `;` or a space must not. */
function frameAncestorSources(frameAncestors: readonly FrameAncestor[]): string {
  for (const source of frameAncestors) {
    if (source !== "'self'" && !ORIGIN.test(source)) {
      throw new TypeError(
        `frame-ancestors takes 'self' or an origin such as https://portal.example.com, not "${source}".`,
      );
    }
  }
  return frameAncestors.length > 0 ? frameAncestors.join(" ") : "'none'";
}

/**
 * The Content-Security-Policy of a page.
 *
 * Scripts: only those carrying this response's nonce, and what they load (`'strict-dynamic'`); no
 * inline script without it, no `eval` outside development. Styles: stylesheets from this origin and
 * `<style>` elements with the nonce; `style="…"` attributes are allowed (`style-src-attr
 * 'unsafe-inline'`) because React renders its `style` prop as one and recharts sizes its charts with
 * it, and an attribute can neither run script nor fetch from another origin (`img-src`/`font-src`
 * stay `'self'`); what it gives up is only that injected markup could restyle the page. Connections
 * (fetch, the event stream) to this origin only. No plugins, no `<base>`, forms post here only,
 * framed by nobody unless `frameAncestors` says otherwise.
 *
 * @throws TypeError if the nonce is not base64 of at least 12 bytes, or a frame ancestor is not
 *   `'self'` or an origin.
 */
export function buildContentSecurityPolicy(options: ContentSecurityPolicyOptions): string {
  const { nonce, frameAncestors = [], isDevelopment = false, upgradeInsecureRequests = false } = options;
  if (!NONCE.test(nonce)) throw new TypeError("The CSP nonce must be base64 of at least 12 random bytes.");
  const directives: [string, ...string[]][] = [
    ["default-src", "'self'"],
    [
      "script-src",
      "'self'",
      `'nonce-${nonce}'`,
      "'strict-dynamic'",
      ...(isDevelopment ? ["'unsafe-eval'"] : []),
    ],
    // A nonce makes browsers ignore 'unsafe-inline', so development (whose styles carry none) gets only the latter.
    ["style-src", "'self'", isDevelopment ? "'unsafe-inline'" : `'nonce-${nonce}'`],
    ["style-src-attr", "'unsafe-inline'"],
    ["img-src", "'self'", "data:", "blob:"],
    ["font-src", "'self'"],
    ["connect-src", "'self'"],
    ["object-src", "'none'"],
    ["base-uri", "'none'"],
    ["form-action", "'self'"],
    ["frame-ancestors", frameAncestorSources(frameAncestors)],
    ...(upgradeInsecureRequests ? [["upgrade-insecure-requests"] as [string]] : []),
  ];
  return directives.map((directive) => directive.join(" ")).join("; ");
}

/**
 * The headers every response carries (pages, API routes, static files); the CSP is the page's own,
 * from `buildContentSecurityPolicy`. `X-Frame-Options` backs `frame-ancestors` up in browsers without
 * CSP 2: `DENY` when nobody may frame, `SAMEORIGIN` for `'self'` alone, absent for a list of origins
 * (it cannot name one, and browsers that know `frame-ancestors` ignore it anyway).
 */
export function securityHeaders(options: SecurityHeadersOptions = {}): { key: string; value: string }[] {
  const frameAncestors = options.frameAncestors ?? [];
  frameAncestorSources(frameAncestors);
  const frameOptions =
    frameAncestors.length === 0
      ? "DENY"
      : frameAncestors.length === 1 && frameAncestors[0] === "'self'"
        ? "SAMEORIGIN"
        : null;
  return [
    ...(frameOptions ? [{ key: "X-Frame-Options", value: frameOptions }] : []),
    { key: "X-Content-Type-Options", value: "nosniff" },
    { key: "Referrer-Policy", value: "same-origin" },
    { key: "Permissions-Policy", value: PERMISSIONS_POLICY },
    { key: "Cross-Origin-Opener-Policy", value: options.opener ?? "same-origin" },
  ];
}
