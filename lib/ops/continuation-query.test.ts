import { describe, expect, it } from "vitest";
import { parseContinuationQuery, queryText, toFilter } from "./continuation-query";

const options = { callbackNames: ["order.created", "warranty.received"], timeZone: "Europe/Paris" };

describe("the console's query", () => {
  it("is all continuations when empty (an empty form sends empty strings)", () => {
    const empty = { statuses: [], callbackName: null, agent: null, from: null, to: null };
    expect(parseContinuationQuery({}, options)).toEqual({ ok: true, query: empty });
    expect(
      parseContinuationQuery({ status: "", callback: "", agent: " ", from: "", to: "" }, options),
    ).toEqual({
      ok: true,
      query: empty,
    });
  });

  it("reads every filter, times in the operator's zone, and ignores keys it does not know", () => {
    const parsed = parseContinuationQuery(
      {
        status: "failed",
        callback: "warranty.received",
        agent: "Alice",
        from: "2026-12-05T10:00",
        to: "2026-12-05T11:00",
        utm_source: "mail",
      },
      options,
    );
    expect(parsed).toEqual({
      ok: true,
      query: {
        statuses: ["failed"],
        callbackName: "warranty.received",
        agent: "alice",
        from: new Date("2026-12-05T09:00:00Z"),
        to: new Date("2026-12-05T10:00:00Z"),
      },
    });
    if (!parsed.ok) throw new Error("parsed");
    expect(toFilter(parsed.query, "agent-id")).toEqual({
      statuses: ["failed"],
      callbackName: "warranty.received",
      ownerId: "agent-id",
      from: new Date("2026-12-05T09:00:00Z"),
      to: new Date("2026-12-05T10:00:00Z"),
    });
    expect(toFilter({ statuses: [], callbackName: null, agent: null, from: null, to: null }, null)).toEqual(
      {},
    );
  });

  it("names every bad value in a sentence", () => {
    const parsed = parseContinuationQuery(
      {
        status: "stuck",
        callback: "nope.never",
        agent: "<script>",
        from: "2026-02-30T10:00",
        to: ["2026-12-05T10:00", "2026-12-06T10:00"],
      },
      options,
    );
    expect(parsed).toEqual({
      ok: false,
      problems: [
        'Status: "stuck" is not one of pending, completed, failed, cancelled.',
        'Callback: no callback is named "nope.never".',
        'Agent: "<script>" is not an agent name.',
        'Created from: "2026-02-30T10:00" is not a date and time like 2026-12-05T14:30.',
        "Created before: give one value, not several.",
      ],
    });
  });

  it("refuses a period that ends before it starts, and absurd lengths", () => {
    expect(parseContinuationQuery({ from: "2026-12-05T11:00", to: "2026-12-05T10:00" }, options)).toEqual({
      ok: false,
      problems: ["Created from must be earlier than Created before."],
    });
    expect(parseContinuationQuery({ agent: "a".repeat(101) }, options)).toEqual({
      ok: false,
      problems: ["Agent: at most 100 characters."],
    });
  });

  it("gives the form back what was typed", () => {
    expect(queryText({ status: ["failed", "pending"], agent: "bob", junk: "x" })).toEqual({
      status: "failed",
      callback: "",
      agent: "bob",
      from: "",
      to: "",
    });
  });
});
