import { describe, expect, it } from "vitest";
import { DEFAULT_SIGN_IN_THROTTLE } from "@/lib/auth/sign-in-throttle";
import { parseEnv as parseEnvOf } from "./env";

const parseEnv = (vars: Record<string, string>) => parseEnvOf(vars as NodeJS.ProcessEnv);

describe("the sign-in settings", () => {
  it("default to the production policy and no trusted proxy", () => {
    const env = parseEnv({});
    expect(env.SIGN_IN_THROTTLE).toEqual(DEFAULT_SIGN_IN_THROTTLE);
    expect(env.TRUSTED_PROXY_HOPS).toBe(0);
  });

  it("take partial overrides as JSON", () => {
    const env = parseEnv({
      SIGN_IN_THROTTLE: '{"perName":{"lockAfter":50},"lockSeconds":60}',
      TRUSTED_PROXY_HOPS: "1",
    });
    expect(env.SIGN_IN_THROTTLE.perName).toEqual({ delayAfter: 10, lockAfter: 50 });
    expect(env.SIGN_IN_THROTTLE.lockSeconds).toBe(60);
    expect(env.SIGN_IN_THROTTLE.perNameAndAddress).toEqual(DEFAULT_SIGN_IN_THROTTLE.perNameAndAddress);
    expect(env.TRUSTED_PROXY_HOPS).toBe(1);
  });

  it("name the variable that is wrong", () => {
    expect(() => parseEnv({ SIGN_IN_THROTTLE: "lock after 5" })).toThrow(
      "SIGN_IN_THROTTLE: SIGN_IN_THROTTLE must be a JSON object",
    );
    expect(() => parseEnv({ SIGN_IN_THROTTLE: '{"perUser":{}}' })).toThrow("SIGN_IN_THROTTLE");
    expect(() => parseEnv({ TRUSTED_PROXY_HOPS: "-1" })).toThrow("TRUSTED_PROXY_HOPS");
  });
});

describe("the embedding settings", () => {
  it("default to the demo host's origin, following its port", () => {
    expect(parseEnv({}).EMBED_ORIGINS).toEqual(["http://localhost:4020"]);
    expect(parseEnv({ EMBED_HOST_PORT: "4999" }).EMBED_ORIGINS).toEqual(["http://localhost:4999"]);
  });

  it("take a list of exact origins, and an empty value turns embedding off", () => {
    expect(
      parseEnv({ EMBED_ORIGINS: "https://crm.example.com, http://127.0.0.1:8080" }).EMBED_ORIGINS,
    ).toEqual(["https://crm.example.com", "http://127.0.0.1:8080"]);
    expect(parseEnv({ EMBED_ORIGINS: "" }).EMBED_ORIGINS).toEqual([]);
  });

  it.each([
    "*",
    "https://*.example.com",
    "https://crm.example.com/",
    "https://crm.example.com/console",
    "crm.example.com",
    "ftp://crm.example.com",
    "https://CRM.example.com",
    "https://crm.example.com:443",
    "https://crm.example.com;frame-ancestors *",
  ])("refuse %j, naming the variable", (origin) => {
    expect(() => parseEnv({ EMBED_ORIGINS: origin })).toThrow(/EMBED_ORIGINS: .* is not an origin/);
  });
});
