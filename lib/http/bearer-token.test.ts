import { describe, expect, it } from "vitest";
import { hasBearerToken } from "./bearer-token";

const TOKEN = "t".repeat(31) + "1";

describe("hasBearerToken", () => {
  it("accepts the configured token after the Bearer scheme, in any case", () => {
    expect(hasBearerToken(`Bearer ${TOKEN}`, TOKEN)).toBe(true);
    expect(hasBearerToken(`bearer ${TOKEN}`, TOKEN)).toBe(true);
  });

  it("refuses another token, a prefix of it, another scheme, no header, or no configured token", () => {
    expect(hasBearerToken(`Bearer ${TOKEN.slice(0, -1)}2`, TOKEN)).toBe(false);
    expect(hasBearerToken(`Bearer ${TOKEN.slice(0, -1)}`, TOKEN)).toBe(false);
    expect(hasBearerToken(`Bearer ${TOKEN}x`, TOKEN)).toBe(false);
    expect(hasBearerToken(`Basic ${TOKEN}`, TOKEN)).toBe(false);
    expect(hasBearerToken(`Bearer ${TOKEN} extra`, TOKEN)).toBe(false);
    expect(hasBearerToken(null, TOKEN)).toBe(false);
    expect(hasBearerToken("Bearer ", TOKEN)).toBe(false);
    expect(hasBearerToken(`Bearer ${TOKEN}`, undefined)).toBe(false);
    expect(hasBearerToken("Bearer ", "")).toBe(false);
  });
});
