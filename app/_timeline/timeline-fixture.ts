/** A hand-built timeline for the layout's tests: a three-step order with one retried callout. */
import type { EventKind, StoredEvent, Timeline, TimelineCallout } from "@/lib/continuation";

export const T0 = Date.parse("2026-12-05T09:00:00.000Z");
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
export function orderTimeline(): Timeline {
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
