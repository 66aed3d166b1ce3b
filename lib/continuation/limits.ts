/**
 * The runtime's limits, in one place. Defaults are the Salesforce Continuation limits; a runtime
 * may be created with overrides (see `createRuntime`).
 */
export interface Limits {
  /** Requests in one continuation, sent in parallel (Apex: 3). */
  maxParallelRequests: number;
  /** Continuations in one chain (Apex: 3). */
  maxChainLength: number;
  /** Deadline bounds in seconds (Apex: 1-120). */
  minTimeoutSeconds: number;
  maxTimeoutSeconds: number;
  /** Deadline used when an action gives none (Apex default 120; ours 30, fail sooner). */
  defaultTimeoutSeconds: number;
  /** Serialized JSON state (Apex: 80 KB). */
  maxStateBytes: number;
  /** A response body; larger ones become status 2004 (Apex: 1 MB). */
  maxResponseBytes: number;
  /** A request body (Apex: 1 MB). */
  maxRequestBodyBytes: number;
}

export const DEFAULT_LIMITS: Readonly<Limits> = Object.freeze({
  maxParallelRequests: 3,
  maxChainLength: 3,
  minTimeoutSeconds: 1,
  maxTimeoutSeconds: 120,
  defaultTimeoutSeconds: 30,
  maxStateBytes: 80 * 1024,
  maxResponseBytes: 1024 * 1024,
  maxRequestBodyBytes: 1024 * 1024,
});
