/**
 * Status codes a callout gets where no HTTP status applies (the Apex Continuation codes).
 * Real HTTP statuses (100-599) are passed through as they are.
 */
export const CalloutStatus = {
  /** The deadline passed before the response was in. */
  TIMEOUT: 2000,
  /** The connection could not be made, or was reset/closed before a response. */
  CONNECTION_FAILED: 2001,
  /** Anything else went wrong while sending (refused by the allow-list, bad URL, ...). */
  EXCEPTION: 2002,
  /** Asked for a response that is not (yet) there. */
  NOT_ARRIVED: 2003,
  /** The response body was larger than the limit (1 MB). */
  RESPONSE_TOO_LARGE: 2004,
  /**
   * Not sent: the named credential's circuit breaker is open after a run of failures (our
   * addition to the Apex codes; the request would most likely have failed or timed out).
   */
  CIRCUIT_OPEN: 2005,
} as const;

export type CalloutStatusCode = (typeof CalloutStatus)[keyof typeof CalloutStatus];

/** True for the 2000-2005 runtime codes, false for an HTTP status. */
export function isRuntimeStatus(code: number): code is CalloutStatusCode {
  return code >= 2000 && code <= 2005;
}
