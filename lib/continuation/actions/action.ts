import { z } from "zod";
import type { DomainReader } from "../define/register";
import type { Continuation, JsonValue } from "../define/continuation";
import { ContinuationError } from "../errors";
import { silentLogger, type Logger } from "../logger";
import type { OrgLimiter } from "./org-limiter";
import type { Runtime } from "../engine/runtime";
import { traceAction, type ActionSpan } from "../engine/tracing";
import type { ContinuationView } from "../engine/view";

/** What the browser gets back from a continuation action: a ticket, or a failure to show. */
export type ActionResult<T> = { ok: true; data: T } | { ok: false; error: ActionFailure };

export interface ActionFailure {
  /** Stable code (`INVALID_INPUT`, `UNAUTHENTICATED`, a limit's code, a domain code...). */
  code: string;
  /** A sentence fit for the agent's screen. */
  message: string;
  /** Per-field messages when the input was invalid. */
  fieldErrors?: Record<string, string[]>;
}

/** What an action's build function gets besides its input. */
export interface ActionContext {
  /** The signed-in owner the continuation will belong to. */
  ownerId: string;
  /** For reads; domain writes belong in the callback's transaction. */
  db: DomainReader;
}

const UNAUTHENTICATED: ActionFailure = {
  code: "UNAUTHENTICATED",
  message: "Your session has ended. Please sign in again.",
};

/** The ticket for a started continuation: the browser follows it by id. */
export interface Ticket {
  id: string;
}

/**
 * Creates the `continuationAction` wrapper for an app: how to find the signed-in owner and the runtime.
 * Every server action that talks to the ERP is built with it, so input validation, ownership and
 * error mapping are the same everywhere, and nothing waits on the ERP inside the request.
 */
export function createContinuationAction(config: {
  runtime: () => Runtime;
  resolveOwner: () => Promise<string | null>;
  db: () => DomainReader;
  logger?: Logger;
}) {
  const logger = config.logger ?? silentLogger;

  /**
   * Wraps `build` into a server action: parses the input with `schema`, attaches the signed-in
   * owner, starts the continuation `build` returns and answers `{ ok: true, data: { id } }` at once.
   * Failures come back as `{ ok: false, error }` values, never as thrown errors.
   */
  return function continuationAction<Schema extends z.ZodType>(
    schema: Schema,
    build: (input: z.output<Schema>, context: ActionContext) => Promise<Continuation> | Continuation,
    options: {
      /** Files the continuation under a subject (e.g. `warranty:<productId>`), to find it again. */
      subject?: (input: z.output<Schema>) => string;
      /**
       * With a subject: while the owner already has a pending continuation for it, answer with
       * that ticket instead of starting another (a double click asks the ERP once).
       */
      reusePending?: boolean;
    } = {},
  ): (input: z.input<Schema>) => Promise<ActionResult<Ticket>> {
    // The action's span is active while the runtime starts the continuation: its trace goes on
    // from there across the suspension (see engine/tracing.ts).
    return (raw) =>
      traceAction("continuation", async (span) => {
        const result = await startFor(raw, span);
        if (!result.ok) span.fail(result.error.code);
        return result;
      });

    async function startFor(raw: z.input<Schema>, span: ActionSpan): Promise<ActionResult<Ticket>> {
      const ownerId = await config.resolveOwner();
      if (!ownerId) return { ok: false, error: UNAUTHENTICATED };
      const parsed = parseInput(schema, raw);
      if (!parsed.success) return { ok: false, error: parsed.error };
      try {
        const subject = options.subject?.(parsed.data);
        if (subject && options.reusePending) {
          const [latest] = await config.runtime().latestBySubject(ownerId, [subject]);
          if (latest?.status === "pending") return { ok: true, data: { id: latest.id } };
        }
        const continuation = await build(parsed.data, { ownerId, db: config.db() });
        span.rename(continuation.callbackName);
        const ticket = await config.runtime().start(continuation, { ownerId, subject });
        return { ok: true, data: ticket };
      } catch (error) {
        return { ok: false, error: failureOf(error, logger, "started") };
      }
    }
  };
}

/**
 * Creates the `synchronousAction` wrapper: the naive way, kept for the lab's comparison. The server
 * action waits while the whole chain runs (`Runtime.runNow`), held to the org limit of long-running
 * requests, with `timeoutMs` for the whole chain. Answers the last callback's value.
 */
export function createSynchronousAction(config: {
  runtime: () => Runtime;
  resolveOwner: () => Promise<string | null>;
  db: () => DomainReader;
  limiter: OrgLimiter;
  logger?: Logger;
}) {
  const logger = config.logger ?? silentLogger;
  return function synchronousAction<Schema extends z.ZodType>(
    schema: Schema,
    build: (input: z.output<Schema>, context: ActionContext) => Promise<Continuation> | Continuation,
    options: { timeoutMs: number },
  ): (input: z.input<Schema>, signal?: AbortSignal) => Promise<ActionResult<JsonValue>> {
    return async (raw, signal) => {
      const ownerId = await config.resolveOwner();
      if (!ownerId) return { ok: false, error: UNAUTHENTICATED };
      const parsed = parseInput(schema, raw);
      if (!parsed.success) return { ok: false, error: parsed.error };
      try {
        const data = await config.limiter.run(async () => {
          const continuation = await build(parsed.data, { ownerId, db: config.db() });
          return config.runtime().runNow(continuation, { ownerId, timeoutMs: options.timeoutMs, signal });
        });
        return { ok: true, data };
      } catch (error) {
        return { ok: false, error: failureOf(error, logger, "completed") };
      }
    };
  };
}

function parseInput<Schema extends z.ZodType>(
  schema: Schema,
  raw: unknown,
): { success: true; data: z.output<Schema> } | { success: false; error: ActionFailure } {
  const parsed = schema.safeParse(raw);
  return parsed.success ? parsed : { success: false, error: invalidInput(parsed.error) };
}

/**
 * The `INVALID_INPUT` failure for a schema's issues: a message naming every field and what is
 * wrong with it ("quantity must be a number; colour is not a known field."), and the same per field.
 */
export function invalidInput(error: z.ZodError): ActionFailure {
  // A Map: a field named "__proto__" (hostile input) must be a key like any other.
  const byField = new Map<string, string[]>();
  const add = (path: PropertyKey[], message: string) => {
    const field = path.map(String).join(".") || "input";
    byField.set(field, [...(byField.get(field) ?? []), message]);
  };
  for (const issue of error.issues) {
    if (issue.code === "unrecognized_keys")
      for (const key of issue.keys) add([...issue.path, key], "is not a known field");
    else add(issue.path, issue.message);
  }
  return {
    code: "INVALID_INPUT",
    message: `Invalid input: ${[...byField]
      .map(([field, messages]) => `${field} ${messages.join(", ")}`)
      .join("; ")}.`,
    fieldErrors: Object.fromEntries(byField),
  };
}

/** A known error's code and message; anything else is logged and reported as INTERNAL. */
function failureOf(error: unknown, logger: Logger, verb: "started" | "completed"): ActionFailure {
  if (error instanceof ContinuationError) return { code: error.code, message: error.message };
  logger.error("action.crashed", {
    error: error instanceof Error ? `${error.name}: ${error.message}` : String(error),
  });
  return { code: "INTERNAL", message: `The request could not be ${verb} because of an internal error.` };
}

const ContinuationIdSchema = z.uuid();
const NOT_FOUND: ActionFailure = { code: "NOT_FOUND", message: "No such request." };

interface OwnerConfig {
  runtime: () => Runtime;
  resolveOwner: () => Promise<string | null>;
}

/**
 * An action on one of the signed-in owner's continuations, by id: resolves the owner, checks the
 * id's shape, and turns a `ContinuationError` into a failure value. `work` answers null for
 * a continuation that does not exist or is someone else's.
 */
function ownedContinuationAction<T>(
  name: "cancel" | "retry",
  config: OwnerConfig,
  work: (runtime: Runtime, id: string, ownerId: string) => Promise<ActionResult<T> | null>,
): (id: string) => Promise<ActionResult<T>> {
  return (id) =>
    traceAction(name, async (span) => {
      const result = await act(id);
      if (!result.ok) span.fail(result.error.code);
      return result;
    });

  async function act(id: string): Promise<ActionResult<T>> {
    const ownerId = await config.resolveOwner();
    if (!ownerId) return { ok: false, error: UNAUTHENTICATED };
    const parsed = ContinuationIdSchema.safeParse(id);
    if (!parsed.success) return { ok: false, error: NOT_FOUND };
    try {
      return (await work(config.runtime(), parsed.data, ownerId)) ?? { ok: false, error: NOT_FOUND };
    } catch (error) {
      if (error instanceof ContinuationError)
        return { ok: false, error: { code: error.code, message: error.message } };
      throw error;
    }
  }
}

/**
 * Creates the server action that cancels one of the signed-in owner's continuations.
 * Answers `NOT_FOUND` for anyone else's (or an unknown) id and `ALREADY_FINISHED` when it had
 * completed or failed; otherwise the cancelled view (cancelling twice changes nothing).
 */
export function createCancelAction(
  config: OwnerConfig,
): (id: string) => Promise<ActionResult<ContinuationView>> {
  return ownedContinuationAction("cancel", config, async (runtime, id, ownerId) => {
    const view = await runtime.cancel(id, ownerId);
    if (!view) return null;
    if (view.status !== "cancelled") {
      return {
        ok: false,
        error: { code: "ALREADY_FINISHED", message: "It had already finished; its result is shown." },
      };
    }
    return { ok: true, data: view };
  });
}

/**
 * Creates the server action that retries one of the signed-in owner's failed (or cancelled)
 * continuations with the same idempotency keys (see `Runtime.retry`). Answers the new ticket,
 * or `NOT_RETRYABLE` while it runs or once it completed.
 */
export function createRetryAction(config: OwnerConfig): (id: string) => Promise<ActionResult<Ticket>> {
  return ownedContinuationAction("retry", config, async (runtime, id, ownerId) => {
    const ticket = await runtime.retry(id, ownerId);
    return ticket && { ok: true, data: ticket };
  });
}
