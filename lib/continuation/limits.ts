import { z } from "zod";
import { ContinuationError } from "./errors";

/**
 * The runtime's limits, in one place. Defaults are the Salesforce Continuation limits; a runtime
 * takes overrides (`createRuntime({ limits })`, or `CONTINUATION_LIMITS` in the app).
 */
export interface Limits {
  /** Requests in one continuation, sent in parallel (Apex: 3). The type checker allows 3 labels. */
  maxParallelRequests: number;
  /** Continuations in one chain (Apex: 3). */
  maxChainLength: number;
  /** Deadline bounds in seconds (Apex: 1-120). */
  minTimeoutSeconds: number;
  maxTimeoutSeconds: number;
  /** Deadline used when an action gives none (Apex: 120; here 30, so failures show sooner). */
  defaultTimeoutSeconds: number;
  /** Serialized JSON state, in bytes (Apex: 80 KB). */
  maxStateBytes: number;
  /** A response body, in bytes; larger ones become status 2004 (Apex: 1 MB). */
  maxResponseBytes: number;
  /** A request body, in bytes (Apex: 1 MB). */
  maxRequestBodyBytes: number;
  /** Keys of a form-encoded request body (Apex: 500). */
  maxFormKeys: number;
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
  maxFormKeys: 500,
});

const positive = z.number().int().positive();

/** Overrides as configuration gives them (every key optional, unknown keys refused). */
export const LimitsOverrideSchema = z
  .object({
    maxParallelRequests: positive,
    maxChainLength: positive,
    minTimeoutSeconds: positive,
    maxTimeoutSeconds: positive,
    defaultTimeoutSeconds: positive,
    maxStateBytes: positive,
    maxResponseBytes: positive,
    maxRequestBodyBytes: positive,
    maxFormKeys: positive,
  })
  .partial()
  .strict();

/** The defaults with `overrides` applied; throws `INVALID_LIMITS` when they do not fit together. */
export function resolveLimits(overrides: Partial<Limits> = {}): Limits {
  const parsed = LimitsOverrideSchema.safeParse(overrides);
  if (!parsed.success) {
    const problems = parsed.error.issues
      .map((i) => `${i.path.join(".") || "limits"}: ${i.message}`)
      .join("; ");
    throw new ContinuationError("INVALID_LIMITS", `Invalid continuation limits: ${problems}`);
  }
  const limits = { ...DEFAULT_LIMITS, ...parsed.data };
  if (
    limits.minTimeoutSeconds > limits.defaultTimeoutSeconds ||
    limits.defaultTimeoutSeconds > limits.maxTimeoutSeconds
  ) {
    throw new ContinuationError(
      "INVALID_LIMITS",
      `Invalid continuation limits: need minTimeoutSeconds <= defaultTimeoutSeconds <= maxTimeoutSeconds; got ${limits.minTimeoutSeconds}, ${limits.defaultTimeoutSeconds}, ${limits.maxTimeoutSeconds}.`,
    );
  }
  return limits;
}
