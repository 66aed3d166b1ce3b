import type { JsonValue } from "../define/continuation";
import type { CalloutState, ContinuationStatus, StoredContinuation } from "../store/model";
import type { ContinuationSummary } from "../store/summary";

/** A continuation as its owner sees it (the status API's body and the event stream's data). */
export interface ContinuationView {
  id: string;
  status: ContinuationStatus;
  /** 0-based index of the current continuation in its chain. */
  step: number;
  subject: string | null;
  createdAt: string;
  updatedAt: string;
  finishedAt: string | null;
  deadlineAt: string;
  result: JsonValue | null;
  error: { code: string; message: string } | null;
  /** The current step's callouts and how far each has got. */
  callouts: { label: string; state: CalloutState; statusCode: number | null }[];
  /** Timings and sizes of every callout, once it has ended. */
  summary: ContinuationSummary | null;
}

/** The owner's view of a stored continuation (only the current step's callouts are shown). */
export function toView(c: StoredContinuation): ContinuationView {
  return {
    id: c.id,
    status: c.status,
    step: c.step,
    subject: c.subject,
    createdAt: c.createdAt.toISOString(),
    updatedAt: c.updatedAt.toISOString(),
    finishedAt: c.finishedAt?.toISOString() ?? null,
    deadlineAt: c.deadlineAt.toISOString(),
    result: c.result === null ? null : (JSON.parse(c.result) as JsonValue),
    error: c.errorCode ? { code: c.errorCode, message: c.errorMessage ?? c.errorCode } : null,
    callouts: c.callouts
      .filter((x) => x.step === c.step)
      .map((x) => ({ label: x.label, state: x.status, statusCode: x.statusCode })),
    summary: c.summary === null ? null : (JSON.parse(c.summary) as ContinuationSummary),
  };
}

/**
 * A continuation as the server reads it for its owner (`Runtime.listByOwner`): the public view and,
 * beside it, what a chain has learnt so far: the callback that runs next (or ran last) and its
 * state. The state stays out of `ContinuationView` on purpose: the view is what browsers are
 * sent, and a state may hold anything its action kept. Server code that needs a fact from it (the
 * order number a chain got from the ERP, say) reads it here, re-validates it with the callback's
 * own schema, and sends the page only what it derived. Never send a record to a browser.
 */
export interface ContinuationRecord {
  /** What the owner's pages may be sent. */
  view: ContinuationView;
  /** The registered name of the current step's callback. */
  callbackName: string;
  /** The current step's state as persisted (unvalidated JSON). */
  state: JsonValue;
  /** The continuation this one retries (same idempotency keys), or null. */
  retryOf: string | null;
}

/** The owner's record of a stored continuation (see `ContinuationRecord`). */
export function toRecord(c: StoredContinuation): ContinuationRecord {
  return {
    view: toView(c),
    callbackName: c.callbackName,
    state: JSON.parse(c.state) as JsonValue,
    retryOf: c.retryOf,
  };
}

const CALLOUT_PROGRESS: Record<CalloutState, number> = { pending: 0, sent: 1, done: 2 };

function progress(view: ContinuationView): [string, number, number, number] {
  const callouts = view.callouts.reduce((sum, x) => sum + CALLOUT_PROGRESS[x.state], 0);
  return [view.updatedAt, view.status === "pending" ? 0 : 1, view.step, callouts];
}

/**
 * The later of two views of one continuation. Views reach a page by two paths (the event stream,
 * and a read on reconnect) and may arrive out of order: a read that started before a pushed change
 * can answer after it, and must not put the page back. Later means a later `updatedAt` (every
 * persisted transition moves it), then finished over pending, a later step, callouts further on.
 * On a tie the incoming view wins.
 */
export function laterView(
  current: ContinuationView | undefined,
  incoming: ContinuationView,
): ContinuationView {
  if (!current || current.id !== incoming.id) return incoming;
  const [a, b] = [progress(current), progress(incoming)];
  for (let i = 0; i < a.length; i++) {
    if (a[i]! < b[i]!) return incoming;
    if (a[i]! > b[i]!) return current;
  }
  return incoming;
}
