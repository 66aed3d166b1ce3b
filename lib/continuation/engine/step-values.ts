import { calloutResponse, type CalloutResponse } from "../define/responses";
import { ContinuationError } from "../errors";
import { CalloutStatus } from "../status-codes";
import type { StoredCallout } from "../store/model";

// Small values the engine derives from what it holds in memory.

/** The response a callback sees for a callout (2003 for one that has not arrived). */
export function responseOf(x: StoredCallout): CalloutResponse {
  return calloutResponse({
    label: x.label,
    statusCode: x.status === "done" && x.statusCode !== null ? x.statusCode : CalloutStatus.NOT_ARRIVED,
    headers: x.responseHeaders,
    body: x.responseBody,
    errorMessage: x.errorMessage,
    durationMs: x.sentAt && x.finishedAt ? x.finishedAt.getTime() - x.sentAt.getTime() : null,
  });
}

/** `work`, or a `CALLBACK_TIMEOUT` rejection after `ms`. */
export function withTimeout<T>(work: Promise<T>, ms: number): Promise<T> {
  let timer: NodeJS.Timeout | undefined;
  const timeout = new Promise<never>((_, reject) => {
    timer = setTimeout(
      () => reject(new ContinuationError("CALLBACK_TIMEOUT", `The callback did not finish within ${ms} ms.`)),
      ms,
    );
  });
  return Promise.race([work, timeout]).finally(() => clearTimeout(timer));
}

/** An error as one log field. */
export function describe(error: unknown): string {
  return error instanceof Error ? `${error.name}: ${error.message}` : String(error);
}
