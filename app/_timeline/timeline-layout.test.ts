import { createElement } from "react";
import { renderToStaticMarkup } from "react-dom/server";
import { describe, expect, it } from "vitest";
import { orderTimeline, T0 } from "./timeline-fixture";
import { attemptsOf, axisOf, layoutTimeline, positionOf, ticksOf } from "./timeline-layout";
import { TimelineView } from "./timeline-view";
import { describeStatus, outcomeKindOf } from "./timeline-words";

describe("the waterfall's layout", () => {
  it("spans the axis from the first event to the last", () => {
    expect(axisOf(orderTimeline())).toEqual({ start: T0, end: T0 + 2000, span: 2000 });
  });

  it("places a bar in percent of the axis, clamped to it, and keeps a very short one visible", () => {
    const axis = { start: T0, end: T0 + 2000, span: 2000 };
    expect(positionOf(axis, T0 + 500, T0 + 1500)).toEqual({ left: 25, width: 50 });
    expect(positionOf(axis, T0 - 500, T0 + 3000)).toEqual({ left: 0, width: 100 });
    const instant = positionOf(axis, T0 + 2000, T0 + 2000);
    expect(instant.width).toBeGreaterThan(0);
    expect(instant.left + instant.width).toBeLessThanOrEqual(100);
  });

  it("labels the axis with round offsets", () => {
    expect(ticksOf(2000)).toEqual([0, 500, 1000, 1500, 2000]);
    expect(ticksOf(90)).toEqual([0, 50]);
    expect(ticksOf(12_000)).toEqual([0, 5000, 10_000]);
  });

  it("groups the callouts by chain step, each with its callback and the callback's duration", () => {
    const { steps } = layoutTimeline(orderTimeline());
    expect(steps.map((s) => [s.step, s.callbackName, s.callouts.map((c) => c.callout.label)])).toEqual([
      [0, "order.authenticated", ["token"]],
      [1, "order.created", ["order"]],
      [2, "order.status-read", ["status"]],
    ]);
    // The first callback committed at 350 ms after running 50 ms: 300–350 of 2000 ms.
    expect(steps[0]!.callback).toMatchObject({ ms: 50, stateBytes: 400, position: { left: 15, width: 2.5 } });
    expect(steps[1]!.callouts[0]!.position).toEqual({ left: 20, width: 20 });
  });

  it("splits a retried callout into its attempts: the failed one, then the last from the retry to the answer", () => {
    const timeline = orderTimeline();
    const status = layoutTimeline(timeline).steps[2]!.callouts[0]!;
    expect(status.attempts).toBe(2);
    expect(status.instance).toBe("desk-b:3001");
    expect(status.segments.map((s) => [s.attempt, s.statusCode, s.isLast, s.from - T0, s.to - T0])).toEqual([
      [1, 503, false, 1000, 1300],
      [2, 200, true, 1300, 1900],
    ]);
    expect(status.segments[0]!.position).toEqual({ left: 50, width: 15 });
    // A callout without retries is one attempt over its whole bar.
    const token = timeline.callouts[0]!;
    expect(attemptsOf(axisOf(timeline), token, timeline.events)).toMatchObject([
      { attempt: 1, statusCode: 200, isLast: true, position: { left: 0, width: 15 } },
    ]);
  });

  it("counts one attempt for a callout whose outcome event is not (yet) there", () => {
    const timeline = orderTimeline();
    timeline.events = timeline.events.filter((e) => e.kind !== "answered");
    const token = layoutTimeline(timeline).steps[0]!.callouts[0]!;
    expect(token.attempts).toBe(1);
    expect(token.instance).toBe("desk-a:3000");
  });
});

describe("the words of a timeline", () => {
  it("names HTTP statuses and the runtime's codes", () => {
    expect(describeStatus(503)).toBe("503 Service Unavailable");
    expect(describeStatus(2005)).toBe("2005 not sent: the circuit breaker was open");
    expect(describeStatus(599)).toBe("HTTP 599");
    expect([200, 404, 2000, null].map((c) => outcomeKindOf(c))).toEqual([
      "ok",
      "error",
      "runtime",
      "pending",
    ]);
  });
});

describe("the timeline view", () => {
  const html = renderToStaticMarkup(
    createElement(TimelineView, {
      timeline: orderTimeline(),
      title: "Order for Cordless Drill 18V",
      back: { href: "/products/wd-drill-18v", label: "Back to the product" },
      hrefOf: (id: string) => `/continuations/${id}`,
    }),
  );
  const text = html.replace(/<[^>]+>/g, " ").replace(/\s+/g, " ");

  it("shows three step groups and the retried callout's attempts in words", () => {
    expect(html.match(/<section aria-labelledby="step-\d"/g)).toHaveLength(3);
    expect(text).toContain("Attempt 1: 503 Service Unavailable, retried");
    expect(text).toContain("Attempt 2: 200 OK");
    expect(text).toContain("Attempts: 2");
  });

  it("lists a takeover with the instance that took it over and the one it came from", () => {
    expect(html).toContain('data-kind="taken_over"');
    expect(text).toContain("Taken over");
    expect(text).toContain("by desk-b:3001 from desk-a:3000, whose lease had ended");
  });

  it("lists every event in the order it was written", () => {
    const kinds = [...html.matchAll(/data-kind="([a-z_]+)"/g)].map((m) => m[1]);
    expect(kinds).toEqual(orderTimeline().events.map((e) => e.kind));
  });
});

describe("the timeline view of a chain that failed and was retried", () => {
  const timeline = orderTimeline();
  Object.assign(timeline.callouts[2]!, {
    statusCode: 2005,
    errorMessage: "ERP is paused",
    responseBytes: null,
  });
  timeline.continuation = {
    ...timeline.continuation,
    status: "failed",
    error: { code: "ERP_UNAVAILABLE", message: "The status read was not sent." },
    retryOf: "11111111-2222-4333-8444-555555555555",
  };
  const last = timeline.events.at(-1)!;
  timeline.events = [
    ...timeline.events.slice(0, 10),
    { ...last, kind: "failed", seq: 98, detail: { code: "ERP_UNAVAILABLE", message: "Not sent." } },
    { ...last, kind: "retried_as", seq: 99, detail: { id: "66666666-7777-4888-9999-000000000000" } },
  ];
  const html = renderToStaticMarkup(
    createElement(TimelineView, {
      timeline,
      title: "Order for Cordless Drill 18V",
      back: { href: "/", label: "Back" },
      facts: [{ term: "Agent", value: "tamsin" }],
      hrefOf: (id: string) => `/ops/continuations/${id}`,
    }),
  );
  const text = html.replace(/<[^>]+>/g, " ").replace(/\s+/g, " ");

  it("says what a runtime code means, why it failed, and links the retry and the original", () => {
    expect(text).toContain("Outcome: 2005 not sent: the circuit breaker was open");
    expect(text).toContain("Response: none");
    expect(text).toContain("ERP is paused");
    expect(text).toContain("ERP_UNAVAILABLE: Not sent.");
    expect(html).toContain('href="/ops/continuations/66666666-7777-4888-9999-000000000000"');
    expect(html).toContain('href="/ops/continuations/11111111-2222-4333-8444-555555555555"');
    expect(text).toContain("Agent tamsin");
  });
});
