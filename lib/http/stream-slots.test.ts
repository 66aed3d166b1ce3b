import { describe, expect, it } from "vitest";
import { createStreamSlots } from "./stream-slots";

describe("stream slots", () => {
  it("gives a key at most max slots, and one back for each release", () => {
    const slots = createStreamSlots(2);
    const first = slots.take("s1");
    const second = slots.take("s1");
    expect(first).not.toBeNull();
    expect(second).not.toBeNull();
    expect(slots.take("s1"), "a third stream for the same session").toBeNull();
    expect(slots.take("s2"), "another session is not affected").not.toBeNull();
    first!();
    first!(); // twice: still one slot back
    expect(slots.held("s1")).toBe(1);
    expect(slots.take("s1")).not.toBeNull();
    expect(slots.take("s1")).toBeNull();
  });

  it("forgets a key once it holds nothing", () => {
    const slots = createStreamSlots(1);
    slots.take("s1")!();
    expect(slots.held("s1")).toBe(0);
  });
});
