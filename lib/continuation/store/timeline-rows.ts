import { z } from "zod";
import type { AuditedEvent, EventKind, NewEvent, StoredEvent } from "./model";
import type { DateCodec, Row } from "./rows";

// The timeline's rows, shared by the SQL stores: one `ContinuationTransition` row per committed
// transition and continuation, holding that transition's events as a JSON array. One row per
// transition rather than per event keeps a step's commit to one small insert however much it
// records (docs/decisions/010).

/** A transition row's columns (`seq` is the database's). */
export const TRANSITION_INSERT_COLUMNS = ["continuationId", "at", "kind", "events"] as const;

/** Which of a transition's events names it (the audit trail selects rows by it): the first listed that it has. */
const HEADLINES: readonly EventKind[] = [
  "started",
  "cancelled",
  "failed",
  "completed",
  "taken_over",
  "retried_as",
  "advanced",
  "callback",
  "answered",
  "retried",
  "sent",
];

const headline = (events: readonly NewEvent[]): EventKind =>
  HEADLINES.find((kind) => events.some((e) => e.kind === kind)) ?? events[0]!.kind;

/**
 * The rows that record `events`: one per continuation they concern (a retry's start also tells its
 * original), in the order each first appears; `at` is the latest event's time.
 */
export function transitionRecords(
  events: readonly NewEvent[],
  dates: DateCodec,
): Record<(typeof TRANSITION_INSERT_COLUMNS)[number], unknown>[] {
  const byContinuation = new Map<string, NewEvent[]>();
  for (const e of events) {
    const list = byContinuation.get(e.continuationId);
    if (list) list.push(e);
    else byContinuation.set(e.continuationId, [e]);
  }
  return [...byContinuation].map(([continuationId, list]) => ({
    continuationId,
    at: dates.encode(new Date(Math.max(...list.map((e) => e.at.getTime())))),
    kind: headline(list),
    events: JSON.stringify(
      list.map((e) => ({
        at: e.at.toISOString(),
        kind: e.kind,
        step: e.step,
        label: e.label,
        instance: e.instance,
        detail: e.detail,
      })),
    ),
  }));
}

const EventKindSchema = z.enum([
  "started",
  "sent",
  "retried",
  "answered",
  "callback",
  "advanced",
  "completed",
  "failed",
  "cancelled",
  "retried_as",
  "taken_over",
] satisfies [EventKind, ...EventKind[]]);

const EventsSchema = z.array(
  z.object({
    at: z.iso.datetime(),
    kind: EventKindSchema,
    step: z.number().int(),
    label: z.string().nullable(),
    instance: z.string().nullable(),
    detail: z.record(z.string(), z.union([z.string(), z.number(), z.boolean(), z.null()])).nullable(),
  }),
);

/** A transition row's events, in order; `seq` orders them across rows (row seq × 1000 + index). */
export function eventsOfRow(row: Row): StoredEvent[] {
  const continuationId = String(row.continuationId);
  return EventsSchema.parse(JSON.parse(String(row.events))).map((e, i) => ({
    ...e,
    continuationId,
    at: new Date(e.at),
    seq: Number(row.seq) * 1000 + i,
  }));
}

/** A row's events of `kinds`, each with its continuation's owner and first callback (the audit trail). */
export function auditedEventsOfRow(row: Row, kinds: readonly EventKind[]): AuditedEvent[] {
  return eventsOfRow(row)
    .filter((e) => kinds.includes(e.kind))
    .map((e) => ({ ...e, ownerId: String(row.ownerId), callbackName: String(row.callbackName) }));
}
