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
