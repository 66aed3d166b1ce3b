import { describe, expect, it } from "vitest";
import { invalidInput } from "@/lib/continuation";
import { parseFormWholeNumber } from "./form-input";
import { hasUnsafeCharacters } from "./input";
import { LabRunInputSchema } from "./lab/lab-types";
import { CreateOrderInputSchema } from "./orders/create-order";
import { RefreshOrderStatusInputSchema } from "./orders/refresh-order-status";
import { GetWarrantyInputSchema } from "./warranty/get-warranty";

const order = { productId: "wd-drill-18v", quantity: 2, customerReference: "PO-7" };

/** The message an action or the JSON API answers for `raw`, or null when it is accepted. */
function refusal(schema: { safeParse(raw: unknown): { success: boolean; error?: unknown } }, raw: unknown) {
  const parsed = schema.safeParse(raw);
  return parsed.success ? null : invalidInput(parsed.error as never).message;
}

describe("numbers are numbers", () => {
  it.each([
    ["true", true],
    ["[7]", [7]],
    ['"0x10"', "0x10"],
    ['"7"', "7"],
    ["null", null],
    ["7.5", 7.5],
    ["1e400 (Infinity)", Number.POSITIVE_INFINITY],
    ["NaN (what a form's junk parses to)", Number.NaN],
  ])("refuses quantity %s", (_, quantity) => {
    expect(refusal(CreateOrderInputSchema, { ...order, quantity })).toMatch(
      /^Invalid input: quantity must be/,
    );
  });

  it("accepts a JSON number in range, and says which bound a number breaks", () => {
    expect(refusal(CreateOrderInputSchema, order)).toBeNull();
    expect(refusal(CreateOrderInputSchema, { ...order, quantity: 1000 })).toBe(
      "Invalid input: quantity must be at most 999.",
    );
    expect(refusal(LabRunInputSchema, { mode: "continuation", agents: "100", erpLatencyMs: 0 })).toBe(
      "Invalid input: agents must be a number.",
    );
  });

  it("parses a form's number field once, digits only", () => {
    expect(parseFormWholeNumber(" 12 ")).toBe(12);
    for (const junk of ["", "0x10", "1e3", "7.5", "-1", "1 2", "١٢"]) {
      expect(parseFormWholeNumber(junk), junk).toBeNaN();
    }
  });
});

describe("text fields refuse control and bidirectional-formatting characters, naming the field", () => {
  it.each([
    ["NUL", "PO\u00007"],
    ["CR/LF", "PO-7\r\nX-Injected: 1"],
    ["a trailing newline", "PO-7\n"],
    ["tab", "PO\t7"],
    ["DEL", "PO\u007f7"],
    ["a C1 control", "PO\u00857"],
    ["right-to-left override", "PO-\u202e7-OP"],
    ["first-strong isolate", "\u2068PO-7\u2069"],
    ["right-to-left mark", "PO-7\u200f"],
  ])("refuses %s in customerReference", (_, customerReference) => {
    expect(refusal(CreateOrderInputSchema, { ...order, customerReference })).toBe(
      "Invalid input: customerReference must not contain control or bidirectional-formatting characters.",
    );
  });

  it("accepts ordinary text in any script, and trims it", () => {
    const parsed = CreateOrderInputSchema.parse({
      ...order,
      customerReference: "  Bestellung Nr. 7 — Ünal 株式会社 ",
    });
    expect(parsed.customerReference).toBe("Bestellung Nr. 7 — Ünal 株式会社");
    expect(hasUnsafeCharacters("שלום world")).toBe(false);
  });

  it("checks the other text fields the same way", () => {
    expect(refusal(GetWarrantyInputSchema, { productId: "wd-drill\u0000" })).toMatch(
      /^Invalid input: productId must not/,
    );
    expect(refusal(RefreshOrderStatusInputSchema, { orderNumber: "SO-100001\n" })).toMatch(
      /^Invalid input: orderNumber must not/,
    );
  });
});

describe("unknown keys are refused, each named", () => {
  it("names every unknown key", () => {
    expect(refusal(CreateOrderInputSchema, { ...order, price: 0, discount: 100 })).toBe(
      "Invalid input: price is not a known field; discount is not a known field.",
    );
  });

  it("names a wrong field next to an unknown one", () => {
    expect(refusal(GetWarrantyInputSchema, { productID: "wd-drill-18v" })).toBe(
      "Invalid input: productId must be text; productID is not a known field.",
    );
  });

  it("refuses what is not an object", () => {
    for (const raw of [null, "wd-drill-18v", [order], 7]) {
      expect(refusal(CreateOrderInputSchema, raw)).toBe("Invalid input: input must be an object.");
    }
  });
});

describe("hostile keys", () => {
  it('names a "__proto__" key like any other, without throwing', () => {
    const raw = JSON.parse(
      '{"productId":"wd-drill-18v","quantity":1,"customerReference":"PO-7","__proto__":1}',
    );
    expect(refusal(CreateOrderInputSchema, raw)).toBe("Invalid input: __proto__ is not a known field.");
  });
});
