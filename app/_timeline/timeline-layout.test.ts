import { createElement } from "react";
import { renderToStaticMarkup } from "react-dom/server";
import { describe, expect, it } from "vitest";
import type { Timeline, TimelineCallout } from "@/lib/continuation/engine/inspect";
import type { EventKind, StoredEvent } from "@/lib/continuation/store/model";
import { attemptsOf, axisOf, layoutTimeline, positionOf, ticksOf } from "./timeline-layout";
import { TimelineView } from "./timeline-view";
import { describeStatus, outcomeKindOf } from "./timeline-words";

const T0 = Date.parse("2026-12-05T09:00:00.000Z");
const at = (ms: number) => new Date(T0 + ms);
const iso = (ms: number) => at(ms).toISOString();
const ID = "0b6f5c1e-8a52-4c1e-9d7a-2f0f1e2d3c4b";

let seq = 0;
function event(
  ms: number,
  kind: EventKind,
  step: number,
  label: string | null,
  detail: StoredEvent["detail"] = null,
  instance = "desk-a:3000",
): StoredEvent {
  return { continuationId: ID, at: at(ms), kind, step, label, instance, detail, seq: ++seq };
}

function callout(
  step: number,
  label: string,
  sent: number,
  finished: number,
  statusCode: number,
): TimelineCallout {
  return {
    step,
    label,
    method: label === "status" ? "GET" : "POST",
    url: `callout:ERP/${label}`,
    credential: "ERP",
    idempotencyKey: `${ID}.${step}.${label}`,
    state: "done",
    statusCode,
    errorMessage: null,
    requestBytes: 120,
    responseBytes: 340,
    sentAt: iso(sent),
    finishedAt: iso(finished),
  };
}

/** A three-step order whose status read was answered 503 once, then 200; taken over at the end. */
function orderTimeline(): Timeline {
  seq = 0;
  return {
    continuation: {
      id: ID,
      ownerId: "agent-1",
      subject: "order:wd-drill-18v",
      callbackName: "order.status-read",
      status: "completed",
      step: 2,
      error: null,
      retryOf: null,
      createdAt: iso(0),
      updatedAt: iso(2000),
      finishedAt: iso(2000),
      deadlineAt: iso(30_000),
      leaseOwner: null,
      leaseExpiresAt: null,
      stuck: null,
      stateBytes: 512,
      idempotencyScope: ID,
      summary: null,
    },
    callouts: [
      callout(0, "token", 0, 300, 200),
      callout(1, "order", 400, 800, 201),
      callout(2, "status", 1000, 1900, 200),
    ],
    events: [
      event(0, "started", 0, null, { callback: "order.authenticated", requests: 1 }),
      event(0, "sent", 0, "token"),
      event(300, "answered", 0, "token", {
        statusCode: 200,
        responseBytes: 340,
        ms: 300,
        attempts: 1,
        credential: "ERP",
      }),
      event(350, "callback", 0, null, { callback: "order.authenticated", ms: 50, stateBytes: 400 }),
      event(350, "advanced", 1, null, { callback: "order.created", requests: 1 }),
      event(400, "sent", 1, "order"),
      event(800, "answered", 1, "order", {
        statusCode: 201,
        responseBytes: 200,
        ms: 400,
        attempts: 1,
        credential: "ERP",
      }),
      event(850, "callback", 1, null, { callback: "order.created", ms: 40, stateBytes: 512 }),
      event(850, "advanced", 2, null, { callback: "order.status-read", requests: 1 }),
      event(1000, "sent", 2, "status"),
      event(1300, "retried", 2, "status", { attempt: 1, statusCode: 503, ms: 300 }),
      event(1400, "taken_over", 2, null, { from: "desk-a:3000" }, "desk-b:3001"),
      event(
        1900,
        "answered",
        2,
        "status",
        { statusCode: 200, responseBytes: 90, ms: 500, attempts: 2, credential: "ERP" },
        "desk-b:3001",
      ),
      event(
        2000,
        "callback",
        2,
        null,
        { callback: "order.status-read", ms: 100, stateBytes: 512 },
        "desk-b:3001",
      ),
      event(2000, "completed", 2, null, null, "desk-b:3001"),
    ],
  };
}

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
