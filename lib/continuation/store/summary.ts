import type { ContinuationStatus, StoredCallout } from "./model";

/** One callout in a summary. `url` is as the action wrote it (`callout:ERP/...`): no secrets. */
export interface CalloutSummaryEntry {
  step: number;
  label: string;
  method: string;
  url: string;
  /** HTTP status, 2000-2005, or null if it never finished (cancelled). */
  statusCode: number | null;
  requestBytes: number;
  responseBytes: number | null;
  sentAt: string | null;
  finishedAt: string | null;
  durationMs: number | null;
}

/**
 * What a continuation did, in the spirit of Salesforce's ContinuationCalloutSummary: persisted
 * when it ends, returned to its owner by the status API, and logged as one line.
 */
export interface ContinuationSummary {
  continuationId: string;
  callbackName: string;
  status: Exclude<ContinuationStatus, "pending">;
  success: boolean;
  /** Continuations in the chain that ran. */
  steps: number;
  startedAt: string;
  finishedAt: string;
  totalDurationMs: number;
  /** Serialized size of the last step's state. */
  stateBytes: number;
  callouts: CalloutSummaryEntry[];
}

/** Builds the summary of a finished continuation from its row and every callout of every step. */
export function buildSummary(
  continuation: { id: string; callbackName: string; step: number; state: string; createdAt: Date },
  status: Exclude<ContinuationStatus, "pending">,
  callouts: readonly StoredCallout[],
  finishedAt: Date,
): ContinuationSummary {
  return {
    continuationId: continuation.id,
    callbackName: continuation.callbackName,
    status,
    success: status === "completed",
    steps: continuation.step + 1,
    startedAt: continuation.createdAt.toISOString(),
    finishedAt: finishedAt.toISOString(),
    totalDurationMs: finishedAt.getTime() - continuation.createdAt.getTime(),
    stateBytes: Buffer.byteLength(continuation.state, "utf8"),
    callouts: [...callouts]
      .sort((a, b) => a.step - b.step || a.label.localeCompare(b.label))
      .map((c) => ({
        step: c.step,
        label: c.label,
        method: c.method,
        url: c.url,
        statusCode: c.status === "done" ? c.statusCode : null,
        requestBytes: c.requestBytes,
        responseBytes: c.responseBytes,
        sentAt: c.sentAt?.toISOString() ?? null,
        finishedAt: c.finishedAt?.toISOString() ?? null,
        durationMs: c.sentAt && c.finishedAt ? c.finishedAt.getTime() - c.sentAt.getTime() : null,
      })),
  };
}
