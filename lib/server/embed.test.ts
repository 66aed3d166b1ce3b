import { beforeAll, describe, expect, it } from "vitest";

// Read once by getEnv(), on the first call: set before any.
beforeAll(() => {
  process.env.EMBED_ORIGINS = "https://portal.example";
});

describe("afterSignIn", () => {
  it("returns to a page of the desk, with its query", async () => {
    const { afterSignIn } = await import("./embed");
    expect(afterSignIn("/orders?page=2")).toBe("/orders?page=2");
    expect(afterSignIn("/products/wd-drill-18v")).toBe("/products/wd-drill-18v");
  });

  it("returns to the connect popup of an allowed host only", async () => {
    const { afterSignIn } = await import("./embed");
    const allowed = `/embed/connect?host=${encodeURIComponent("https://portal.example")}`;
    expect(afterSignIn(allowed)).toBe(allowed);
    expect(afterSignIn("/embed/connect?host=https%3A%2F%2Fevil.example")).toBe("/");
    expect(afterSignIn("/embed/./connect?host=https%3A%2F%2Fevil.example")).toBe("/");
  });

  it("sends anything else to the desk", async () => {
    const { afterSignIn } = await import("./embed");
    for (const value of ["//evil.example", "https://evil.example", "/\\evil.example", null, undefined]) {
      expect(afterSignIn(value)).toBe("/");
    }
  });
});
