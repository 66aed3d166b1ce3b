import { describe, expect, it } from "vitest";
import { z } from "zod";
import { continuation, defineCallback, isContinuation, throughCredential } from "./define/continuation";
import { InvalidRequestError } from "./errors";

const lookedUp = defineCallback({
  name: "test.looked-up",
  labels: ["warranty"],
  state: z.object({ serial: z.string() }),
  async run({ state, responses }) {
    return { serial: state.serial, status: responses.warranty.statusCode };
  },
});

describe("continuation()", () => {
  it("builds a plain value that await does not mistake for a promise", async () => {
    const c = continuation({
      callback: lookedUp,
      state: { serial: "SN-1" },
      requests: { warranty: { url: "callout:ERP/warranty/SN-1" } },
    });
    expect(isContinuation(c)).toBe(true);
    expect("then" in c).toBe(false);
    expect(isContinuation(await Promise.resolve(c))).toBe(true);
    expect(c.callbackName).toBe("test.looked-up");
    expect(c.requests).toEqual([{ label: "warranty", url: "callout:ERP/warranty/SN-1" }]);
    expect(Object.isFrozen(c)).toBe(true);
  });

  it("checks the state against the callback's schema at once", () => {
    expect(() =>
      continuation({
        callback: lookedUp,
        // @ts-expect-error serial must be a string: a wrong state does not compile
        state: { serial: 42 },
        requests: { warranty: { url: "callout:ERP/x" } },
      }),
    ).toThrow(InvalidRequestError);
  });

  it("needs exactly the callback's labels", () => {
    expect(() =>
      continuation({
        callback: lookedUp,
        state: { serial: "SN-1" },
        // @ts-expect-error a label the callback does not expect does not compile
        requests: { warranty: { url: "callout:ERP/x" }, extra: { url: "callout:ERP/y" } },
      }),
    ).toThrow(/expects requests labelled warranty; got extra,warranty/);
  });

  it("refuses callback names that are not domain.event", () => {
    expect(() =>
      defineCallback({ name: "NoDot", labels: ["a"], state: z.null(), run: async () => null }),
    ).toThrow(/must look like "domain.event"/);
  });

  it("catches a 4th parallel request in the type checker", () => {
    defineCallback({
      name: "test.four",
      // @ts-expect-error at most 3 labels: the parallel-request limit is a type error too
      labels: ["a", "b", "c", "d"],
      state: z.null(),
      run: async () => null,
    });
  });

  it("only takes a registered callback object, not a name", () => {
    expect(() =>
      continuation({
        // @ts-expect-error a string is not a callback reference: a wrong name cannot compile
        callback: "test.looked-up",
        state: { serial: "SN-1" },
        requests: { warranty: { url: "callout:ERP/x" } },
      }),
    ).toThrow();
  });
});

const pair = defineCallback({
  name: "test.pair",
  labels: ["a", "b"],
  state: z.object({}),
  async run() {
    return null;
  },
});

describe("throughCredential()", () => {
  it("sends the named credential's requests through another one, and keeps everything else", () => {
    const original = continuation({
      callback: pair,
      state: {},
      requests: {
        a: { url: "callout:ERP/warranty/SN-1", headers: { accept: "application/json" } },
        b: { url: "callout:ERP_OAUTH/oauth/token", method: "POST" },
      },
      timeoutSeconds: 30,
    });
    const lab = throughCredential(original, "ERP", "ERP_LAB");
    expect(isContinuation(lab)).toBe(true);
    expect(Object.isFrozen(lab)).toBe(true);
    expect(lab.callbackName).toBe("test.pair");
    expect(lab.timeoutSeconds).toBe(30);
    expect(lab.requests).toEqual([
      { label: "a", url: "callout:ERP_LAB/warranty/SN-1", headers: { accept: "application/json" } },
      { label: "b", url: "callout:ERP_OAUTH/oauth/token", method: "POST" },
    ]);
    expect(original.requests[0]?.url, "the original is untouched").toBe("callout:ERP/warranty/SN-1");
  });
});
