/**
 * The continuation runtime: a server action returns a continuation (up to 3 HTTP requests sent
 * in parallel, JSON state, a typed callback); the runtime persists it, frees the request, sends the
 * callouts and runs the callback in one transaction once every response is in.
 * See docs/architecture.md. Server-side only, except `./client`.
 */
export { continuation, defineCallback, isContinuation } from "./continuation";
export type {
  AnyCallback,
  Callback,
  CallbackContext,
  CallbackOutcome,
  Continuation,
  HttpMethod,
  HttpRequest,
  JsonValue,
  Labels,
} from "./continuation";
export {
  createCancelAction,
  createContinuationAction,
  createRetryAction,
  createSynchronousAction,
} from "./action";
export type { ActionContext, ActionFailure, ActionResult, Ticket } from "./action";
export { createRuntime, toView } from "./runtime";
export { idempotencyKey, prepareStep } from "./validate";
export type { ContinuationView, Runtime, RuntimeOptions } from "./runtime";
export { PrismaContinuationStore } from "./prisma-store";
export type { ContinuationStore, ContinuationStatus, DbTransaction } from "./store";
export type { NamedCredential } from "./credentials";
export type { CalloutResponse } from "./responses";
export type { CalloutSummaryEntry, ContinuationSummary } from "./summary";
export type { AllowedOrigin, EndpointPolicy } from "./credentials";
export { createEndpointPolicy, isPrivateAddress } from "./credentials";
export { CalloutStatus, isRuntimeStatus } from "./status-codes";
export { createBreakers, DEFAULT_BREAKER, isBreakerFailure } from "./breaker";
export type { BreakerOptions, BreakerView, Breakers } from "./breaker";
export { createOrgLimiter, ConcurrentRequestsLimitError } from "./org-limiter";
export type { OrgLimiter } from "./org-limiter";
export { DEFAULT_LIMITS, LimitsOverrideSchema, resolveLimits } from "./limits";
export type { Limits } from "./limits";
export * from "./errors";
export { createJsonLogger, silentLogger } from "./logger";
export type { Logger, LogLevel } from "./logger";
