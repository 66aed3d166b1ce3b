/**
 * The test harness: the counterpart of Apex's `Test.setContinuationResponse` and
 * `Test.invokeContinuationMethod`. Runs an action's build step and gets its continuation without
 * any network, shows its requests by label, takes responses (or 2000-2004 codes) by label, and
 * runs the callback against a (test) database in one transaction, as the runtime would.
 *
 *   const harness = createContinuationHarness({ db, store, callbacks, ownerId: agent.id });
 *   const lookup = await harness.start(getWarranty, { productId: "wd-drill-18v" });
 *   expect(lookup.request("warranty").url).toBe("callout:ERP/warranty/SN-1001-A");
 *   lookup.setResponse("warranty", { status: 200, body: { ... } });
 *   const outcome = await lookup.invokeCallback();   // { kind: "completed", result }
 */
import { randomUUID } from "node:crypto";
import type { ActionContext } from "../actions/action";
import type { AnyCallback, Continuation, JsonValue } from "../define/continuation";
import type { DomainReader, DomainTransaction } from "../define/register";
import { calloutResponse } from "../define/responses";
import { createEndpointPolicy, type AllowedOrigin, type NamedCredential } from "../egress/endpoints";
import { runCallback } from "../engine/callback-runner";
import { prepareStep } from "../engine/prepare";
import { ContinuationError, UnknownCallbackError, UnknownLabelError } from "../errors";
import { resolveLimits, type Limits } from "../limits";
import { CalloutStatus, isRuntimeStatus } from "../status-codes";
import type { NewCallout } from "../store/model";
import type { ContinuationStore } from "../store/store";

/** A response to feed a callout: an HTTP answer, or a runtime code 2000-2004. */
export type TestResponse =
  number | { status: number; body?: string | JsonValue; headers?: Record<string, string> };

/** What invoking a callback came to. On `failed`, the callback's writes were rolled back. */
export type TestOutcome =
  | { kind: "completed"; result: JsonValue }
  | { kind: "continued"; next: TestContinuation }
  | { kind: "failed"; error: { code: string; message: string }; cause: unknown };

export interface HarnessOptions {
  /** What build functions read through (`ActionContext.db`). */
  db: DomainReader;
  /** The store whose transactions host the callbacks' writes, as in the runtime. */
  store: ContinuationStore<DomainTransaction>;
  /** Every callback the continuations under test may name (e.g. the app's `callbacks`). */
  callbacks: readonly AnyCallback[];
  /** The owner the actions run for (default `test-owner`). */
  ownerId?: string;
  limits?: Partial<Limits>;
  /** When given, URLs are checked against them; otherwise any `callout:` or http(s) URL passes. */
  credentials?: readonly NamedCredential[];
  allowedOrigins?: readonly AllowedOrigin[];
  now?: () => Date;
}

/** A continuation under test: one step of a chain, with the responses fed to it so far. */
export interface TestContinuation {
  readonly id: string;
  /** 0-based index in its chain. */
  readonly step: number;
  readonly continuation: Continuation;
  readonly callbackName: string;
  readonly state: JsonValue;
  readonly labels: readonly string[];
  readonly timeoutSeconds: number;
  /** A request by label (with its idempotency key); throws `UnknownLabelError` for any other label. */
  request(label: string): NewCallout;
  /** Feeds the response for a label (`Test.setContinuationResponse`). Chainable. */
  setResponse(label: string, response: TestResponse): TestContinuation;
  /**
   * Runs the callback with the responses fed so far (labels without one get 2003, not arrived),
   * in one transaction on the harness database (`Test.invokeContinuationMethod`).
   */
  invokeCallback(): Promise<TestOutcome>;
}

export function createContinuationHarness(options: HarnessOptions) {
  const limits = resolveLimits(options.limits);
  const now = options.now ?? (() => new Date());
  const ownerId = options.ownerId ?? "test-owner";
  const registry = new Map(options.callbacks.map((c) => [c.name, c]));
  const resolveEndpoint =
    options.credentials || options.allowedOrigins
      ? createEndpointPolicy({
          credentials: options.credentials ?? [],
          allowedOrigins: options.allowedOrigins,
        }).resolve
      : (url: string) => ({
          url: new URL(url.startsWith("callout:") ? "http://callout.invalid/" : url),
          secretHeaders: {},
          credential: null,
        });

  function wrap(c: Continuation, id: string, step: number): TestContinuation {
    const prepared = prepareStep(c, {
      idempotencyScope: id,
      stepIndex: step,
      limits,
      isRegistered: (name) => registry.has(name),
      resolveEndpoint,
      now: now(),
    });
    const byLabel = new Map(prepared.callouts.map((callout) => [callout.label, callout]));
    const responses = new Map<string, TestResponse>();

    const self: TestContinuation = {
      id,
      step,
      continuation: c,
      callbackName: c.callbackName,
      state: c.state,
      labels: [...byLabel.keys()],
      timeoutSeconds: prepared.timeoutSeconds,
      request(label) {
        const found = byLabel.get(label);
        if (!found) throw new UnknownLabelError(label, [...byLabel.keys()]);
        return found;
      },
      setResponse(label, response) {
        self.request(label);
        responses.set(label, response);
        return self;
      },
      async invokeCallback() {
        const callback = registry.get(c.callbackName);
        if (!callback) throw new UnknownCallbackError(c.callbackName);
        const fed = [...byLabel.keys()].map((label) => {
          const response = responses.get(label);
          if (response === undefined) {
            return calloutResponse({
              label,
              statusCode: CalloutStatus.NOT_ARRIVED,
              errorMessage: "No response was set.",
            });
          }
          if (typeof response === "number") {
            return calloutResponse({
              label,
              statusCode: response,
              errorMessage: isRuntimeStatus(response) ? `Test status ${response}.` : null,
            });
          }
          const body =
            typeof response.body === "string" ? response.body : JSON.stringify(response.body ?? null);
          return calloutResponse({ label, statusCode: response.status, headers: response.headers, body });
        });
        try {
          // The runtime's own callback runner, in a transaction of the store's, as in the runtime.
          const result = await options.store.transaction((tx) =>
            runCallback(callback, {
              state: prepared.state,
              responses: fed,
              tx,
              ownerId,
              continuationId: id,
              step,
              maxChainLength: limits.maxChainLength,
            }),
          );
          return result.kind === "complete"
            ? { kind: "completed", result: result.result }
            : { kind: "continued", next: wrap(result.next, id, step + 1) };
        } catch (error) {
          const known = error instanceof ContinuationError;
          return {
            kind: "failed",
            error: known
              ? { code: error.code, message: error.message }
              : { code: "CALLBACK_ERROR", message: String(error) },
            cause: error,
          };
        }
      },
    };
    return self;
  }

  return {
    ownerId,
    limits,
    /**
     * Runs an action's build function as the action wrapper would (with the harness owner and
     * database) and returns its continuation, checked against every limit. Nothing is sent.
     */
    async start<Input>(
      build: (input: Input, context: ActionContext) => Promise<Continuation> | Continuation,
      input: Input,
    ): Promise<TestContinuation> {
      return wrap(await build(input, { ownerId, db: options.db }), randomUUID(), 0);
    },
    /** Wraps a continuation value built by hand (step 0 of a new chain). */
    of(c: Continuation): TestContinuation {
      return wrap(c, randomUUID(), 0);
    },
  };
}
