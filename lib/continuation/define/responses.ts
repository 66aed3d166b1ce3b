import { UnknownLabelError } from "../errors";
import { isRuntimeStatus } from "../status-codes";

/** The response to one callout, as its callback sees it. */
export interface CalloutResponse {
  readonly label: string;
  /** The HTTP status, or 2000-2005 where none applies (see `CalloutStatus`). */
  readonly statusCode: number;
  readonly headers: Readonly<Record<string, string>>;
  /** The body as text (null for 2000-2005). */
  readonly body: string | null;
  /** What went wrong, for 2000-2005. */
  readonly errorMessage: string | null;
  /** True for an HTTP 2xx. */
  readonly ok: boolean;
  /** How long the callout took, in milliseconds (null if it was never sent). */
  readonly durationMs: number | null;
}

/** Builds a response value (used by the runtime and by the test harness). */
export function calloutResponse(fields: {
  label: string;
  statusCode: number;
  headers?: Record<string, string>;
  body?: string | null;
  errorMessage?: string | null;
  durationMs?: number | null;
}): CalloutResponse {
  const isRuntime = isRuntimeStatus(fields.statusCode);
  return Object.freeze({
    label: fields.label,
    statusCode: fields.statusCode,
    headers: Object.freeze({ ...(fields.headers ?? {}) }),
    body: isRuntime ? null : (fields.body ?? ""),
    errorMessage: fields.errorMessage ?? null,
    ok: fields.statusCode >= 200 && fields.statusCode < 300,
    durationMs: fields.durationMs ?? null,
  });
}

/** Responses by label, plus a lookup that fails clearly for a label not in the step. */
export function responsesByLabel(responses: readonly CalloutResponse[]): {
  byLabel: Readonly<Record<string, CalloutResponse>>;
  response(label: string): CalloutResponse;
} {
  const byLabel = Object.freeze(Object.fromEntries(responses.map((r) => [r.label, r])));
  return {
    byLabel,
    response(label) {
      const found = byLabel[label];
      if (!found) throw new UnknownLabelError(label, Object.keys(byLabel));
      return found;
    },
  };
}
