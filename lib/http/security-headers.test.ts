import { describe, expect, it } from "vitest";
import {
  buildContentSecurityPolicy,
  createNonce,
  PERMISSIONS_POLICY,
  securityHeaders,
} from "./security-headers";

const NONCE = "ajL2CXFbqmCJDllsEKdYRA==";

/** The policy as a map of directive → sources. */
function directives(policy: string): Map<string, string[]> {
  return new Map(
    policy.split("; ").map((part) => {
      const [name = "", ...sources] = part.split(" ");
      return [name, sources];
    }),
  );
}

describe("buildContentSecurityPolicy", () => {
  it("allows scripts by nonce only, and frames, plugins and <base> nowhere", () => {
    const policy = directives(buildContentSecurityPolicy({ nonce: NONCE }));
    expect(policy.get("script-src")).toEqual(["'self'", `'nonce-${NONCE}'`, "'strict-dynamic'"]);
    expect(policy.get("style-src")).toEqual(["'self'", `'nonce-${NONCE}'`]);
    expect(policy.get("style-src-attr")).toEqual(["'unsafe-inline'"]);
    expect(policy.get("default-src")).toEqual(["'self'"]);
    expect(policy.get("connect-src")).toEqual(["'self'"]);
    expect(policy.get("object-src")).toEqual(["'none'"]);
    expect(policy.get("base-uri")).toEqual(["'none'"]);
    expect(policy.get("form-action")).toEqual(["'self'"]);
    expect(policy.get("frame-ancestors")).toEqual(["'none'"]);
    expect(policy.has("upgrade-insecure-requests")).toBe(false);
  });

  it("allows eval and inline styles in development only", () => {
    const production = buildContentSecurityPolicy({ nonce: NONCE });
    expect(production).not.toContain("unsafe-eval");
    const policy = directives(buildContentSecurityPolicy({ nonce: NONCE, isDevelopment: true }));
    expect(policy.get("script-src")).toEqual([
      "'self'",
      `'nonce-${NONCE}'`,
      "'strict-dynamic'",
      "'unsafe-eval'",
    ]);
    // With a nonce in the list, browsers would ignore 'unsafe-inline'.
    expect(policy.get("style-src")).toEqual(["'self'", "'unsafe-inline'"]);
  });

  it("lets the listed origins frame the page", () => {
    const policy = directives(
      buildContentSecurityPolicy({
        nonce: NONCE,
        frameAncestors: ["'self'", "https://portal.example.com:8443"],
      }),
    );
    expect(policy.get("frame-ancestors")).toEqual(["'self'", "https://portal.example.com:8443"]);
  });

  it("asks for upgraded subresources on an HTTPS page", () => {
    const policy = directives(buildContentSecurityPolicy({ nonce: NONCE, upgradeInsecureRequests: true }));
    expect(policy.get("upgrade-insecure-requests")).toEqual([]);
  });

  it.each([
    ["a frame ancestor that smuggles a directive", { frameAncestors: ["https://a.example; script-src *"] }],
    ["a frame ancestor with a path", { frameAncestors: ["https://a.example/embed"] }],
    ["a wildcard frame ancestor", { frameAncestors: ["*"] }],
  ])("refuses %s", (_name, options) => {
    expect(() => buildContentSecurityPolicy({ nonce: NONCE, ...(options as object) })).toThrow(TypeError);
  });

  it.each(["", "short", `${NONCE}'; script-src *`])("refuses the nonce %j", (nonce) => {
    expect(() => buildContentSecurityPolicy({ nonce })).toThrow(TypeError);
  });
});

describe("createNonce", () => {
  it("gives 128 random bits in base64, different each time", () => {
    const nonces = new Set(Array.from({ length: 100 }, createNonce));
    expect(nonces.size).toBe(100);
    for (const nonce of nonces) {
      expect(nonce).toMatch(/^[A-Za-z0-9+/]{22}==$/);
      expect(() => buildContentSecurityPolicy({ nonce })).not.toThrow();
    }
  });
});

describe("securityHeaders", () => {
  const byName = (options?: Parameters<typeof securityHeaders>[0]) =>
    Object.fromEntries(securityHeaders(options).map(({ key, value }) => [key, value]));

  it("denies framing, sniffing, cross-origin openers and every powerful feature by default", () => {
    expect(byName()).toEqual({
      "X-Frame-Options": "DENY",
      "X-Content-Type-Options": "nosniff",
      "Referrer-Policy": "same-origin",
      "Permissions-Policy": PERMISSIONS_POLICY,
      "Cross-Origin-Opener-Policy": "same-origin",
    });
    for (const feature of ["camera", "microphone", "geolocation", "payment", "usb"]) {
      expect(PERMISSIONS_POLICY).toContain(`${feature}=()`);
    }
  });

  it("derives X-Frame-Options from the frame ancestors", () => {
    expect(byName({ frameAncestors: ["'self'"] })["X-Frame-Options"]).toBe("SAMEORIGIN");
    expect(byName({ frameAncestors: ["https://portal.example.com"] })).not.toHaveProperty("X-Frame-Options");
  });
});
