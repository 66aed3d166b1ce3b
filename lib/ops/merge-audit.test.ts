import { describe, expect, it } from "vitest";
import type { AuditedEvent } from "@/lib/continuation";
import { mergeAudit, type StoredOperatorAction } from "./list-audit";

const at = (s: number) => new Date(Date.UTC(2026, 11, 5, 9, 0, s));

const event = (over: Partial<AuditedEvent>): AuditedEvent => ({
  continuationId: "c1",
  at: at(0),
  kind: "started",
  step: 0,
  label: null,
  instance: "a",
  detail: null,
  seq: 1,
  ownerId: "alice-id",
  callbackName: "warranty.received",
  ...over,
});

const action = (over: Partial<StoredOperatorAction>): StoredOperatorAction => ({
  id: "x1",
  actor: "ops",
  action: "breaker.reset",
  target: "ERP",
  detail: JSON.stringify({ previous: "open", state: "closed", instance: "a" }),
  at: at(0),
  ...over,
});

describe("mergeAudit", () => {
  it("merges agents' starts, retries and cancels with operators' actions, newest first", () => {
    const names = new Map([["alice-id", "alice"]]);
    const entries = mergeAudit(
      [
        event({ continuationId: "c1", at: at(1), seq: 1 }),
        event({ continuationId: "c1", at: at(3), kind: "cancelled", seq: 5 }),
        event({ continuationId: "c2", at: at(5), detail: { retryOf: "c1" }, seq: 7 }),
        event({ continuationId: "c3", at: at(6), ownerId: "gone-id", seq: 9 }),
      ],
      [action({ id: "p1", at: at(4), action: "breaker.probe", detail: '{"statusCode":503,"state":"open"}' })],
      names,
      10,
    );
    expect(entries.map((e) => [e.at, e.who, e.by, e.action, e.target, e.detail])).toEqual([
      [
        at(6).toISOString(),
        null,
        "agent",
        "started",
        { kind: "continuation", id: "c3", callbackName: "warranty.received" },
        null,
      ],
      [
        at(5).toISOString(),
        "alice",
        "agent",
        "retried",
        { kind: "continuation", id: "c2", callbackName: "warranty.received" },
        { retryOf: "c1" },
      ],
      [
        at(4).toISOString(),
        "ops",
        "operator",
        "breaker.probe",
        { kind: "breaker", credential: "ERP" },
        { statusCode: 503, state: "open" },
      ],
      [
        at(3).toISOString(),
        "alice",
        "agent",
        "cancelled",
        { kind: "continuation", id: "c1", callbackName: "warranty.received" },
        null,
      ],
      [
        at(1).toISOString(),
        "alice",
        "agent",
        "started",
        { kind: "continuation", id: "c1", callbackName: "warranty.received" },
        null,
      ],
    ]);
    expect(new Set(entries.map((e) => e.key)).size).toBe(5);
  });

  it("keeps the newest `limit`, and shrugs off a detail that is not a JSON object", () => {
    const entries = mergeAudit(
      [event({ at: at(1) })],
      [action({ id: "a2", at: at(2), detail: "not json" }), action({ id: "a3", at: at(3), detail: "[1]" })],
      new Map(),
      2,
    );
    expect(entries.map((e) => [e.key, e.detail])).toEqual([
      ["action:a3", null],
      ["action:a2", null],
    ]);
  });
});
