import { describe, expect, it, vi } from "vitest";
import {
  ContinuationError,
  ContinuationFailure,
  LimitExceededError,
  TooManyRequestsError,
  UnknownCallbackError,
} from "./errors";

const BRAND = Symbol.for("warranty-desk.ContinuationError");

/** What an error thrown by another copy of errors.ts looks like from here. */
const fromAnotherCopy = () => Object.assign(new Error("x"), { [BRAND]: true, code: "X" });

/** A second, separately evaluated copy of errors.ts, as Next.js may load it in another bundle. */
async function loadAnotherCopy() {
  vi.resetModules();
  const copy = await import("./errors");
  expect(copy.ContinuationError).not.toBe(ContinuationError);
  return copy;
}

describe("instanceof ContinuationError", () => {
  it("knows an error carrying the brand of another copy of the module", () => {
    expect(fromAnotherCopy()).toBeInstanceOf(ContinuationError);
  });

  it("knows the errors of a second copy loaded in the same process", async () => {
    const copy = await loadAnotherCopy();
    expect(new copy.ContinuationError("X", "x")).toBeInstanceOf(ContinuationError);
    expect(new copy.TooManyRequestsError(4, 3)).toBeInstanceOf(ContinuationError);
    expect(new ContinuationFailure("X", "x")).toBeInstanceOf(copy.ContinuationError);
  });

  it("knows its own errors and those of every subclass", () => {
    expect(new ContinuationError("X", "x")).toBeInstanceOf(ContinuationError);
    expect(new TooManyRequestsError(4, 3)).toBeInstanceOf(ContinuationError);
    expect(new UnknownCallbackError("a.b")).toBeInstanceOf(ContinuationError);
  });

  it("refuses a plain Error, a brand that is not true, and values that are not objects", () => {
    expect(new Error("x")).not.toBeInstanceOf(ContinuationError);
    expect(Object.assign(new Error("x"), { [BRAND]: "yes" })).not.toBeInstanceOf(ContinuationError);
    for (const value of [null, undefined, "ContinuationError", 42] as unknown[]) {
      expect(value instanceof ContinuationError).toBe(false);
    }
  });
});

describe("instanceof a subclass", () => {
  it("follows the prototype chain, so a branded error is not taken for any subclass", () => {
    expect(fromAnotherCopy()).not.toBeInstanceOf(ContinuationFailure);
    expect(fromAnotherCopy()).not.toBeInstanceOf(LimitExceededError);
    expect(new ContinuationError("X", "x")).not.toBeInstanceOf(ContinuationFailure);
  });

  it("knows its own instances and its subclasses' instances", () => {
    expect(new ContinuationFailure("X", "x")).toBeInstanceOf(ContinuationFailure);
    expect(new TooManyRequestsError(4, 3)).toBeInstanceOf(LimitExceededError);
    expect(new TooManyRequestsError(4, 3)).not.toBeInstanceOf(ContinuationFailure);
  });

  it("does not know the same subclass from a second copy of the module", async () => {
    const copy = await loadAnotherCopy();
    expect(new copy.ContinuationFailure("X", "x")).not.toBeInstanceOf(ContinuationFailure);
  });
});
