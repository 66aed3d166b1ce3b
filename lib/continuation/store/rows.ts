import { z } from "zod";
import { RequestRetrySchema } from "../egress/retry";
import type {
  CalloutOutcome,
  ContinuationFilter,
  ContinuationStatus,
  NewContinuation,
  NewStep,
  StoredCallout,
  StoredContinuation,
} from "./model";

// The SQL stores' row shapes and their mapping, shared by SQLite and PostgreSQL. Rows are
// re-validated on the way out: the database is a boundary too. Column names are the migrations'.

const HeadersSchema = z.record(z.string(), z.string());
const ContinuationStatusSchema = z.enum(["pending", "completed", "failed", "cancelled"]);
const CalloutStateSchema = z.enum(["pending", "sent", "done"]);
const RetryOnSchema = z.array(z.number().int());

/** How a dialect stores a timestamp, and reads it back. */
export interface DateCodec {
  encode(date: Date): string;
  decode(value: unknown): Date;
}

export type Row = Record<string, unknown>;

const text = (value: unknown): string => String(value);
const textOrNull = (value: unknown): string | null => (value === null ? null : String(value));
const int = (value: unknown): number => Number(value);
const intOrNull = (value: unknown): number | null => (value === null ? null : Number(value));

function parseHeaders(json: unknown): Record<string, string> {
  return typeof json === "string" && json ? HeadersSchema.parse(JSON.parse(json)) : {};
}

export function toCallout(row: Row, dates: DateCodec): StoredCallout {
  const date = (v: unknown) => (v === null ? null : dates.decode(v));
  return {
    id: text(row.id),
    step: int(row.step),
    label: text(row.label),
    method: text(row.method),
    url: text(row.url),
    headers: parseHeaders(row.headers),
    body: textOrNull(row.body),
    idempotencyKey: text(row.idempotencyKey),
    retryOn: typeof row.retryOn === "string" ? RetryOnSchema.parse(JSON.parse(row.retryOn)) : [],
    retry: typeof row.retryPolicy === "string" ? RequestRetrySchema.parse(JSON.parse(row.retryPolicy)) : null,
    status: CalloutStateSchema.parse(row.status),
    statusCode: intOrNull(row.statusCode),
    responseHeaders: parseHeaders(row.responseHeaders),
    responseBody: textOrNull(row.responseBody),
    errorMessage: textOrNull(row.errorMessage),
    requestBytes: int(row.requestBytes),
    responseBytes: intOrNull(row.responseBytes),
    sentAt: date(row.sentAt),
    finishedAt: date(row.finishedAt),
  };
}

export function toContinuation(row: Row, callouts: StoredCallout[], dates: DateCodec): StoredContinuation {
  const initialState = textOrNull(row.initialState);
  const initialCallbackName = textOrNull(row.initialCallbackName);
  const initialTimeoutSeconds = intOrNull(row.initialTimeoutSeconds);
  return {
    id: text(row.id),
    ownerId: text(row.ownerId),
    subject: textOrNull(row.subject),
    status: ContinuationStatusSchema.parse(row.status),
    step: int(row.step),
    version: int(row.version),
    idempotencyScope: textOrNull(row.idempotencyScope) ?? text(row.id),
    retryOf: textOrNull(row.retryOf),
    initial:
      initialCallbackName !== null && initialState !== null && initialTimeoutSeconds !== null
        ? { callbackName: initialCallbackName, state: initialState, timeoutSeconds: initialTimeoutSeconds }
        : null,
    callbackName: text(row.callbackName),
    state: text(row.state),
    timeoutSeconds: int(row.timeoutSeconds),
    deadlineAt: dates.decode(row.deadlineAt),
    result: textOrNull(row.result),
    errorCode: textOrNull(row.errorCode),
    errorMessage: textOrNull(row.errorMessage),
    summary: textOrNull(row.summary),
    traceContext: textOrNull(row.traceContext),
    leaseOwner: textOrNull(row.leaseOwner),
    leaseExpiresAt: row.leaseExpiresAt === null ? null : dates.decode(row.leaseExpiresAt),
    createdAt: dates.decode(row.createdAt),
    updatedAt: dates.decode(row.updatedAt),
    finishedAt: row.finishedAt === null ? null : dates.decode(row.finishedAt),
    callouts,
  };
}

/** Groups callout rows by continuation, in step and label order. */
export function calloutsByContinuation(rows: Row[], dates: DateCodec): Map<string, StoredCallout[]> {
  const grouped = new Map<string, StoredCallout[]>();
  for (const row of rows) {
    const id = text(row.continuationId);
    let list = grouped.get(id);
    if (!list) grouped.set(id, (list = []));
    list.push(toCallout(row, dates));
  }
  for (const list of grouped.values()) list.sort((a, b) => a.step - b.step || a.label.localeCompare(b.label));
  return grouped;
}

/**
 * `listByOwner`'s condition on a continuation `c`: no retry has replaced it, i.e. no newer
 * continuation of its owner carries its idempotency scope (an original stores none: its id is its
 * scope; a retry stores the original's). The same SQL on SQLite and PostgreSQL.
 */
export const NOT_REPLACED_BY_RETRY = `NOT EXISTS (SELECT 1 FROM "Continuation" AS r
  WHERE r."idempotencyScope" = COALESCE(c."idempotencyScope", c.id) AND r."ownerId" = c."ownerId"
    AND (r."createdAt" > c."createdAt" OR (r."createdAt" = c."createdAt" AND r.id > c.id)))`;

/** The values of a new continuation row, in `CONTINUATION_INSERT_COLUMNS` order. */
export const CONTINUATION_INSERT_COLUMNS = [
  "id",
  "ownerId",
  "subject",
  "status",
  "step",
  "version",
  "callbackName",
  "state",
  "timeoutSeconds",
  "deadlineAt",
  "idempotencyScope",
  "retryOf",
  "initialCallbackName",
  "initialState",
  "initialTimeoutSeconds",
  "leaseOwner",
  "leaseExpiresAt",
  "createdAt",
  "updatedAt",
  "traceContext",
] as const;

export function continuationValues(input: NewContinuation, dates: DateCodec): unknown[] {
  const { step } = input;
  return [
    input.id,
    input.ownerId,
    input.subject,
    "pending",
    0,
    0,
    step.callbackName,
    step.state,
    step.timeoutSeconds,
    dates.encode(step.deadlineAt),
    input.idempotencyScope ?? null,
    input.retryOf ?? null,
    step.callbackName,
    step.state,
    step.timeoutSeconds,
    input.lease.owner,
    dates.encode(input.lease.until),
    dates.encode(input.createdAt),
    dates.encode(input.createdAt),
    input.traceContext ?? null,
  ];
}

/** A new step's callout rows, persisted as `sent`: whoever writes them sends them right after. */
export const CALLOUT_INSERT_COLUMNS = [
  "id",
  "continuationId",
  "step",
  "label",
  "method",
  "url",
  "headers",
  "body",
  "idempotencyKey",
  "retryOn",
  "retryPolicy",
  "requestBytes",
  "status",
  "sentAt",
] as const;

export function calloutRecords(
  continuationId: string,
  stepIndex: number,
  step: NewStep,
  at: Date,
  dates: DateCodec,
): Record<(typeof CALLOUT_INSERT_COLUMNS)[number], unknown>[] {
  return step.callouts.map((c) => ({
    id: c.id,
    continuationId,
    step: stepIndex,
    label: c.label,
    method: c.method,
    url: c.url,
    headers: JSON.stringify(c.headers),
    body: c.body,
    idempotencyKey: c.idempotencyKey,
    retryOn: c.retryOn.length > 0 ? JSON.stringify(c.retryOn) : null,
    retryPolicy: c.retry ? JSON.stringify(c.retry) : null,
    requestBytes: c.requestBytes,
    status: "sent",
    sentAt: dates.encode(at),
  }));
}

/** An outcome's column values, for the conditional "record once" update. */
export function outcomeRecord(calloutId: string, outcome: CalloutOutcome, dates: DateCodec, forget = false) {
  return {
    id: calloutId,
    headers: JSON.stringify(outcome.requestHeaders),
    statusCode: outcome.statusCode,
    responseHeaders: forget ? "{}" : JSON.stringify(outcome.headers),
    responseBody: forget ? null : outcome.body,
    errorMessage: outcome.errorMessage,
    responseBytes: outcome.responseBytes,
    sentAt: dates.encode(outcome.sentAt),
    finishedAt: dates.encode(outcome.finishedAt),
  };
}

/**
 * The operators' filter as SQL conditions on a continuation `c`, with named parameters
 * (`@name`; the PostgreSQL store numbers them). Statuses travel as one JSON list, which
 * `jsonList` (the dialect's) turns into rows.
 */
export function filterConditions(
  filter: ContinuationFilter,
  dates: DateCodec,
  options: { withStatuses: boolean; jsonList: (param: string) => string },
): { where: string; params: Record<string, unknown> } {
  const conditions: string[] = [];
  const params: Record<string, unknown> = {};
  if (options.withStatuses && filter.statuses) {
    conditions.push(`c.status IN (SELECT value FROM ${options.jsonList("@statuses")})`);
    params.statuses = JSON.stringify(filter.statuses);
  }
  if (filter.callbackName !== undefined) {
    // The chain's first callback (what it is) or its current one (where it stands).
    conditions.push(`(c."initialCallbackName" = @callbackName OR c."callbackName" = @callbackName)`);
    params.callbackName = filter.callbackName;
  }
  if (filter.ownerId !== undefined) {
    conditions.push(`c."ownerId" = @ownerId`);
    params.ownerId = filter.ownerId;
  }
  if (filter.from) {
    conditions.push(`c."createdAt" >= @from`);
    params.from = dates.encode(filter.from);
  }
  if (filter.to) {
    conditions.push(`c."createdAt" < @to`);
    params.to = dates.encode(filter.to);
  }
  return { where: conditions.length ? conditions.join(" AND ") : "1 = 1", params };
}

/** Counts by status from `status, n` rows, every status present (zero when none). */
export function countsOf(rows: Row[]): Record<ContinuationStatus, number> {
  const counts: Record<ContinuationStatus, number> = { pending: 0, completed: 0, failed: 0, cancelled: 0 };
  for (const row of rows) counts[ContinuationStatusSchema.parse(row.status)] = Number(row.n);
  return counts;
}
