/**
 * The continuation runtime: a server action returns a continuation (up to 3 HTTP requests sent
 * in parallel, JSON state, a typed callback); the runtime persists it, frees the request, sends the
 * callouts and runs the callback in one transaction once every response is in.
 * See docs/architecture.md for the layout. Server-side only, except `./client`.
 */

// Defining continuations and callbacks.
export { continuation, defineCallback, isContinuation, throughCredential } from "./define/continuation";
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
} from "./define/continuation";
export type { CalloutResponse } from "./define/responses";
export type { DomainReader, DomainTransaction, Register } from "./define/register";
export { CalloutStatus, isRuntimeStatus } from "./status-codes";
export { DEFAULT_LIMITS, LimitsOverrideSchema, resolveLimits } from "./limits";
export { RequestRetrySchema } from "./egress/retry";
export type { RequestRetry } from "./egress/retry";
export type { Limits } from "./limits";
export * from "./errors";

// The engine.
export { createRuntime, MAX_LIST_LIMIT } from "./engine/runtime";
export type { Runtime, RuntimeOptions } from "./engine/runtime";
export type { ContinuationRecord, ContinuationView } from "./engine/view";
export type { ChangeEvent } from "./engine/change-feed";
export type { ContinuationSummary, CalloutSummaryEntry } from "./store/summary";

// Watching it: timelines, the operators' reads, events for metrics.
export type { OperatorList, OperatorRecord, StuckReason, Timeline, TimelineCallout } from "./engine/inspect";
export type { AuditedEvent, ContinuationFilter, EventKind, NewEvent, StoredEvent } from "./store/model";

// Stores: the contract and its implementations.
export type { ContinuationStore, TransactionHost } from "./store/store";
export type { ContinuationStatus } from "./store/model";
export { createSqliteStore } from "./store/sqlite-store";
export { createPostgresStore } from "./store/postgres-store";
export { createMemoryStore } from "./store/memory-store";

// Egress: where callouts may go, and how failures are contained.
export type { AllowedOrigin, NamedCredential } from "./egress/endpoints";
export { BreakerOptionsSchema } from "./egress/breaker";
export type { BreakerOptions, BreakerTransition, BreakerView, ProbeResult } from "./egress/breaker";

// Server-action wrappers.
export {
  createCancelAction,
  createContinuationAction,
  createRetryAction,
  createSynchronousAction,
  invalidInput,
} from "./actions/action";
export type { ActionContext, ActionFailure, ActionResult, Ticket } from "./actions/action";
export { createOrgLimiter, ConcurrentRequestsLimitError } from "./actions/org-limiter";
export type { OrgLimiter } from "./actions/org-limiter";

// Logging.
export { createJsonLogger, silentLogger } from "./logger";
export type { Logger, LogLevel } from "./logger";
