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
