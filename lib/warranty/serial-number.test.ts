import { describe, expect, it } from "vitest";
import { GetWarrantyBySerialInputSchema } from "./get-warranty-by-serial";
import { normaliseSerialNumber, SERIAL_NUMBER_PATTERN, serialNumber } from "./serial-number";

describe("the serial number format", () => {
  it.each([
    ["SN-1001-A", "SN-1001-A"],
    ["  sn-2002-b ", "SN-2002-B"],
    ["Sn 2001 a", "SN-2001-A"],
    ["SN2001A", "SN-2001-A"],
    ["sn-20011a", null],
    ["SN-201-A", null],
    ["SN-2001-AB", null],
    ["SN--2001-A", null],
    ["SN-2001", null],
    ["XX-2001-A", null],
    ["SN-2OO1-A", null], // letter O for zero
    ["SN-2001-Ä", null],
    ["SN-2001-\u0130", null], // upper case of it is not A-Z
    ["", null],
  ])("reads %j as %j", (typed, expected) => {
    expect(normaliseSerialNumber(typed)).toBe(expected);
    if (expected) expect(expected).toMatch(SERIAL_NUMBER_PATTERN);
  });

  it("is parsed into the desk's form by the field schema", () => {
    expect(serialNumber().parse(" sn 1001 a")).toBe("SN-1001-A");
  });

  it.each([
    ["SN-1001", "must look like SN-1001-A: SN, four digits and one letter"],
    ["", "is required"],
    ["   ", "is required"],
    ["S".repeat(41), "is too long (a serial number has 9 characters)"],
    ["SN-1001-A\n", "must not contain control or bidirectional-formatting characters"],
    ["SN-1001-\u202eA", "must not contain control or bidirectional-formatting characters"],
  ])("refuses %j: %s", (typed, message) => {
    const parsed = serialNumber().safeParse(typed);
    expect(parsed.success).toBe(false);
    expect(parsed.error?.issues.map((issue) => issue.message)).toEqual([message]);
  });

  it("refuses anything but text", () => {
    expect(serialNumber().safeParse(1001).error?.issues[0]?.message).toBe("must be text");
  });
});

describe("the input of a lookup by serial", () => {
  it("takes the serial only", () => {
    expect(GetWarrantyBySerialInputSchema.parse({ serial: "sn-2001-a" })).toEqual({ serial: "SN-2001-A" });
    expect(GetWarrantyBySerialInputSchema.safeParse({ serial: "SN-2001-A", productId: "x" }).success).toBe(
      false,
    );
    expect(GetWarrantyBySerialInputSchema.safeParse({}).success).toBe(false);
  });
});
