import { describe, expect, it } from "vitest";
import { formatDate } from "./format";

describe("formatDate", () => {
  it.each([
    ["2029-06-30", "30 Jun 2029"],
    ["2025-09-30", "30 Sep 2025"],
    ["2028-10-01", "1 Oct 2028"],
    ["2024-03-15T00:00:00.000Z", "15 Mar 2024"],
  ])("writes %s as %s", (iso, text) => expect(formatDate(iso)).toBe(text));
});
