import { describe, expect, it } from "vitest";
import { safeReturnPath, signInPath } from "./return-path";

describe("safeReturnPath", () => {
  it("accepts a path on this site, with its query and fragment", () => {
    for (const path of ["/", "/orders", "/orders?page=2", "/products/wd-drill-18v", "/a/b?x=%2F%2F#top"]) {
      expect(safeReturnPath(path)).toBe(path);
    }
  });

  it("refuses another site, however it is spelled", () => {
    for (const path of [
      "//evil.example",
      "//evil.example/orders",
      "/\\evil.example",
      "\\\\evil.example",
      "https://evil.example",
      "http:/evil.example",
      "javascript:alert(1)",
      "evil.example",
      " /orders",
      "",
    ]) {
      expect(safeReturnPath(path), path).toBeNull();
    }
  });

  it("refuses control characters a URL parser would drop or act on", () => {
    for (const path of [
      "/\t/evil.example",
      "/\n/evil.example",
      "/\r/evil.example",
      "/orders\u0000",
      "/x\u007f",
    ]) {
      expect(safeReturnPath(path), JSON.stringify(path)).toBeNull();
    }
  });

  it("refuses backslashes anywhere, absurd lengths and anything but a string", () => {
    expect(safeReturnPath("/orders\\..\\x")).toBeNull();
    expect(safeReturnPath(`/${"a".repeat(3000)}`)).toBeNull();
    for (const value of [undefined, null, 42, ["/orders"], { toString: () => "/orders" }]) {
      expect(safeReturnPath(value)).toBeNull();
    }
  });
});

describe("signInPath", () => {
  it("carries a safe path as next, encoded", () => {
    expect(signInPath("/orders?page=2")).toBe("/sign-in?next=%2Forders%3Fpage%3D2");
    expect(signInPath("/products/wd-drill-18v")).toBe("/sign-in?next=%2Fproducts%2Fwd-drill-18v");
  });

  it("leaves next out for the desk's home or an unsafe path", () => {
    expect(signInPath("/")).toBe("/sign-in");
    expect(signInPath("//evil.example")).toBe("/sign-in");
    expect(signInPath(null)).toBe("/sign-in");
  });
});
