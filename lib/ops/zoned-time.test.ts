import { describe, expect, it } from "vitest";
import { instantIn } from "./zoned-time";

describe("instantIn", () => {
  it("reads a wall-clock time in the given zone", () => {
    expect(instantIn("2026-12-05T14:30", "UTC")?.toISOString()).toBe("2026-12-05T14:30:00.000Z");
    expect(instantIn("2026-12-05T14:30", "Europe/Paris")?.toISOString()).toBe("2026-12-05T13:30:00.000Z");
    expect(instantIn("2026-07-05T14:30:15", "Europe/Paris")?.toISOString()).toBe("2026-07-05T12:30:15.000Z");
    expect(instantIn("2026-12-05T09:00", "America/New_York")?.toISOString()).toBe("2026-12-05T14:00:00.000Z");
    expect(instantIn("2026-12-05T09:00", "Asia/Kolkata")?.toISOString()).toBe("2026-12-05T03:30:00.000Z");
  });

  it("is right on either side of a daylight-saving change", () => {
    // Europe/Paris goes from +1 to +2 at 2026-03-29 02:00 local.
    expect(instantIn("2026-03-29T01:30", "Europe/Paris")?.toISOString()).toBe("2026-03-29T00:30:00.000Z");
    expect(instantIn("2026-03-29T03:30", "Europe/Paris")?.toISOString()).toBe("2026-03-29T01:30:00.000Z");
  });

  it("refuses what is not a real date and time", () => {
    for (const text of [
      "",
      "2026-12-05",
      "2026-12-05 14:30",
      "2026-02-30T10:00",
      "2026-12-05T24:00",
      "2026-12-05T14:60",
      "2026-13-01T00:00",
      "yesterday",
    ]) {
      expect(instantIn(text, "UTC"), text).toBeNull();
    }
  });
});
