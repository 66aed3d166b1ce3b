/**
 * The waterfall's geometry, as pure functions of a `Timeline`: the time axis, one group per chain
 * step with its callback, one row per callout with its attempts. Positions are percentages of the
 * axis, so the same layout fits any width.
 */
import type { StoredEvent, Timeline, TimelineCallout } from "@/lib/continuation";

/** Where a span sits on the axis: `left` and `width` in percent of the axis (0–100). */
export interface BarPosition {
  left: number;
  width: number;
}

/** The time axis: epoch ms of its first and last instant, and the span between (at least 1 ms). */
export interface Axis {
  start: number;
  end: number;
  span: number;
}

/** One attempt of a callout: failed ones from `retried` events, the last one from its outcome. */
export interface Attempt {
  attempt: number;
  statusCode: number | null;
  error: string | null;
  /** Epoch ms. */
  from: number;
  to: number;
  isLast: boolean;
  position: BarPosition;
}

export interface CalloutRow {
  callout: TimelineCallout;
  /** Epoch ms it was sent and finished (null: not yet). */
  from: number | null;
  to: number | null;
  position: BarPosition | null;
  /** Attempts in all (1 without a retry). */
  attempts: number;
  /** Every attempt, in order; the failed ones first. */
  segments: Attempt[];
  /** The instance that recorded its outcome (the `answered` event's), else the one that sent it. */
  instance: string | null;
}

export interface StepGroup {
  step: number;
  /** The callback of the step, when the timeline names it. */
  callbackName: string | null;
  /** The callback's run: when it committed, how long it took, and the state it left. */
  callback: { at: number; ms: number; stateBytes: number | null; position: BarPosition } | null;
  callouts: CalloutRow[];
}

export interface TimelineLayout {
  axis: Axis;
  steps: StepGroup[];
  /** Offsets (ms from the start) where the axis is labelled. */
  ticks: number[];
}

const MIN_WIDTH = 0.6;

const ms = (iso: string | null): number | null => (iso === null ? null : Date.parse(iso));

/** A number of an event's detail, or null. */
export function detailNumber(event: StoredEvent, key: string): number | null {
  const value = event.detail?.[key];
  return typeof value === "number" && Number.isFinite(value) ? value : null;
}

/** A string of an event's detail, or null. */
export function detailString(event: StoredEvent, key: string): string | null {
  const value = event.detail?.[key];
  return typeof value === "string" ? value : null;
}

/**
 * The axis from the first event to the last (callouts' sent and finished times included, and the
 * continuation's own times when there are no events), never shorter than 1 ms.
 */
export function axisOf(timeline: Timeline): Axis {
  const times = [
    ...timeline.events.map((e) => new Date(e.at).getTime()),
    ...timeline.callouts.flatMap((c) => [ms(c.sentAt), ms(c.finishedAt)]),
  ].filter((t): t is number => t !== null && Number.isFinite(t));
  if (times.length === 0) {
    const { createdAt, finishedAt, updatedAt } = timeline.continuation;
    times.push(Date.parse(createdAt), Date.parse(finishedAt ?? updatedAt));
  }
  const start = Math.min(...times);
  const end = Math.max(...times);
  return { start, end, span: Math.max(1, end - start) };
}

/** Where `from`–`to` (epoch ms) sits on the axis, clamped to it; a very short span stays visible. */
export function positionOf(axis: Axis, from: number, to: number): BarPosition {
  const clamp = (t: number) => Math.min(100, Math.max(0, ((t - axis.start) / axis.span) * 100));
  const left = clamp(Math.min(from, to));
  const width = Math.max(MIN_WIDTH, clamp(Math.max(from, to)) - left);
  return { left: Math.min(left, 100 - width), width };
}

/** Round offsets (ms) to label an axis of `span` ms: about four steps of 1, 2 or 5 × 10ⁿ ms. */
export function ticksOf(span: number): number[] {
  const raw = Math.max(1, span) / 4;
  const magnitude = 10 ** Math.floor(Math.log10(raw));
  const step = [1, 2, 5, 10].map((m) => m * magnitude).find((s) => s >= raw) ?? raw;
  const ticks: number[] = [];
  for (let t = 0; t <= span + 1e-9; t += step) ticks.push(Math.round(t));
  return ticks;
}

const isOf = (step: number, label: string) => (e: StoredEvent) => e.step === step && e.label === label;

/**
 * A callout's attempts: each `retried` event is a failed attempt ending at its time and lasting its
 * `ms`; the last attempt runs from the end of the previous one (backoff included) to `finishedAt`.
 */
export function attemptsOf(axis: Axis, callout: TimelineCallout, events: readonly StoredEvent[]): Attempt[] {
  const sent = ms(callout.sentAt);
  const finished = ms(callout.finishedAt);
  const retries = events.filter((e) => e.kind === "retried" && isOf(callout.step, callout.label)(e));
  const attempts: Attempt[] = [];
  let previousEnd = sent;
  retries.forEach((event, i) => {
    const to = new Date(event.at).getTime();
    const took = detailNumber(event, "ms");
    const from = took !== null ? to - took : (previousEnd ?? to);
    attempts.push({
      attempt: detailNumber(event, "attempt") ?? i + 1,
      statusCode: detailNumber(event, "statusCode"),
      error: detailString(event, "error"),
      from: Math.max(from, sent ?? from),
      to,
      isLast: false,
      position: positionOf(axis, Math.max(from, sent ?? from), to),
    });
    previousEnd = to;
  });
  if (previousEnd !== null) {
    const to = finished ?? axis.end;
    attempts.push({
      attempt: attempts.length + 1,
      statusCode: callout.statusCode,
      error: callout.errorMessage,
      from: previousEnd,
      to,
      isLast: true,
      position: positionOf(axis, previousEnd, to),
    });
  }
  return attempts;
}

function calloutRow(axis: Axis, callout: TimelineCallout, events: readonly StoredEvent[]): CalloutRow {
  const from = ms(callout.sentAt);
  const to = ms(callout.finishedAt);
  const mine = events.filter(isOf(callout.step, callout.label));
  const answered = mine.findLast((e) => e.kind === "answered");
  const segments = attemptsOf(axis, callout, events);
  return {
    callout,
    from,
    to,
    position: from === null ? null : positionOf(axis, from, to ?? axis.end),
    attempts: (answered && detailNumber(answered, "attempts")) ?? Math.max(1, segments.length),
    segments,
    instance: answered?.instance ?? mine.findLast((e) => e.kind === "sent")?.instance ?? null,
  };
}

function stepGroup(axis: Axis, timeline: Timeline, step: number): StepGroup {
  const events = timeline.events.filter((e) => e.step === step);
  const ran = events.findLast((e) => e.kind === "callback");
  // The step's callback is named where it began (started, advanced) and where it ran.
  const begun = timeline.events.find(
    (e) => (e.kind === "started" && step === 0) || (e.kind === "advanced" && e.step === step),
  );
  const callbackName =
    (ran && detailString(ran, "callback")) ??
    (begun && detailString(begun, "callback")) ??
    (step === timeline.continuation.step ? timeline.continuation.callbackName : null);
  let callback: StepGroup["callback"] = null;
  if (ran) {
    const at = new Date(ran.at).getTime();
    const took = detailNumber(ran, "ms") ?? 0;
    callback = {
      at,
      ms: took,
      stateBytes: detailNumber(ran, "stateBytes"),
      position: positionOf(axis, at - took, at),
    };
  }
  return {
    step,
    callbackName,
    callback,
    callouts: timeline.callouts
      .filter((c) => c.step === step)
      .map((c) => calloutRow(axis, c, timeline.events)),
  };
}

/** The whole waterfall: the axis, its ticks, and one group per step from the first to the last seen. */
export function layoutTimeline(timeline: Timeline): TimelineLayout {
  const axis = axisOf(timeline);
  const last = Math.max(
    timeline.continuation.step,
    ...timeline.callouts.map((c) => c.step),
    ...timeline.events.map((e) => e.step),
  );
  const steps = Array.from({ length: last + 1 }, (_, step) => stepGroup(axis, timeline, step));
  return { axis, steps, ticks: ticksOf(axis.span) };
}
