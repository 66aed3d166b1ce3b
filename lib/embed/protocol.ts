// The typed postMessage protocol between a host page on another site and the desk's continuation
// proxy frame (issue 12; docs/embedding.md). Both sides run in a browser, so this module imports
// only zod, the shared input rules and the browser-safe result schemas; protocol.test.ts checks that
// the input schemas here agree with the server's.
import { z } from "zod";
import type { ContinuationView } from "@/lib/continuation/engine/view";
import { lineOfText, strictInput, wholeNumber } from "@/lib/input";
import { ORDER_STEPS, OrderResultSchema } from "@/lib/orders/order-views";
import { WarrantyOutcomeSchema } from "@/lib/warranty/warranty-outcome";

/**
 * The `protocol` field of every message: marks ours among other postMessage traffic and names the
 * version. A message naming another version of this protocol is refused as `unsupported_version`.
 */
export const EMBED_PROTOCOL = "warranty-desk/continuation-proxy@1";
const PROTOCOL_PREFIX = "warranty-desk/continuation-proxy@";

/** The largest message either side accepts: its JSON, in UTF-8 bytes (16 KiB). */
export const MAX_MESSAGE_BYTES = 16 * 1024;
/** The most invocation ids one `resume` may name. */
export const MAX_RESUME_IDS = 50;
/** The most steps `progress` may describe (the desk's chains have at most 3). */
export const MAX_STEPS = 10;
/** The longest `message` of an `error`, in characters (`messageForView` shortens longer ones). */
export const MAX_ERROR_MESSAGE_LENGTH = 1_000;

/**
 * The host's name for one invocation: a UUID (`crypto.randomUUID()`) or a token of 16 to 64
 * letters, digits, `-` and `_`. Single use per agent: a second `invoke` with it is answered
 * `DUPLICATE_INVOCATION`; `resume` is the way back to it.
 */
export const InvocationIdSchema = z
  .string({ error: "must be text" })
  .regex(/^[A-Za-z0-9_-]{16,64}$/, "must be a UUID or a token of 16 to 64 letters, digits, - or _");
/** A valid invocation id (see `InvocationIdSchema`). */
export type InvocationId = z.infer<typeof InvocationIdSchema>;

/** Get warranty's input, with the same rules as the server's `GetWarrantyInputSchema`. */
export const GetWarrantyEmbedInputSchema = strictInput({
  productId: lineOfText().min(1, "is required").max(64, "is too long"),
});

/** Create order's input, with the same rules as the server's `CreateOrderInputSchema`. */
export const CreateOrderEmbedInputSchema = strictInput({
  productId: lineOfText().min(1, "is required").max(64, "is too long"),
  quantity: wholeNumber({ min: 1, max: 999 }),
  customerReference: lineOfText().min(1, "is required").max(64, "must be at most 64 characters"),
});

/**
 * The actions the desk exposes for embedding, and nothing else: each one's input schema, the
 * schema of its result value, and its step names when the chain has fixed steps (null: a warranty
 * lookup has one step, or two for an expired warranty).
 */
export const EMBEDDABLE_ACTIONS = {
  getWarranty: { input: GetWarrantyEmbedInputSchema, result: WarrantyOutcomeSchema, steps: null },
  createOrder: { input: CreateOrderEmbedInputSchema, result: OrderResultSchema, steps: ORDER_STEPS },
} as const;
/** The name of an action the host may invoke. */
export type EmbeddableAction = keyof typeof EMBEDDABLE_ACTIONS;

/** True when `name` is an action the desk exposes for embedding (own keys only: not `toString`). */
export function isEmbeddableAction(name: unknown): name is EmbeddableAction {
  return typeof name === "string" && Object.hasOwn(EMBEDDABLE_ACTIONS, name);
}

/**
 * The closed set of error codes an `error` carries, besides the ERP's `ERP_…` codes (passed
 * through from the desk). What each means and what the host does about it: docs/embedding.md.
 */
export const EMBED_ERROR_CODES = [
  "INVALID_MESSAGE",
  "UNSUPPORTED_VERSION",
  "UNKNOWN_ACTION",
  "INVALID_INPUT",
  "DUPLICATE_INVOCATION",
  "UNKNOWN_INVOCATION",
  "UNAUTHENTICATED",
  "PRODUCT_NOT_FOUND",
  "CANCELLED",
  "UNAVAILABLE",
  "INTERNAL",
] as const;
const ERP_CODE = /^ERP_[A-Z0-9_]{1,40}$/;
/** An error code: one of `EMBED_ERROR_CODES`, or an ERP failure's `ERP_…` code. */
export type EmbedErrorCode = (typeof EMBED_ERROR_CODES)[number] | `ERP_${string}`;

/** The schema of an `EmbedErrorCode`. */
export const EmbedErrorCodeSchema = z.custom<EmbedErrorCode>(
  (code) => typeof code === "string" && isEmbedErrorCode(code),
  "must be one of the protocol's error codes or ERP_…",
);

function isEmbedErrorCode(code: string): code is EmbedErrorCode {
  return (EMBED_ERROR_CODES as readonly string[]).includes(code) || ERP_CODE.test(code);
}

// Desk codes with another name in the protocol; every other code outside the set is INTERNAL.
const RENAMED_CODES: Readonly<Record<string, EmbedErrorCode>> = {
  RUNTIME_CLOSED: "UNAVAILABLE",
  NOT_FOUND: "UNKNOWN_INVOCATION",
};

/**
 * The protocol's code for a code the desk answered (a server action's failure or a failed
 * continuation): the protocol's own codes and `ERP_…` pass through, `RUNTIME_CLOSED` becomes
 * `UNAVAILABLE`, the status API's `NOT_FOUND` becomes `UNKNOWN_INVOCATION`, anything else (the
 * runtime's limit and callback codes: a fault of the desk, not of the host) `INTERNAL`.
 */
export function toEmbedErrorCode(deskCode: string): EmbedErrorCode {
  if (isEmbedErrorCode(deskCode)) return deskCode;
  return Object.hasOwn(RENAMED_CODES, deskCode) ? RENAMED_CODES[deskCode]! : "INTERNAL";
}

const protocol = z.literal(EMBED_PROTOCOL);

function messageSchema<Type extends string, Shape extends z.ZodRawShape>(type: Type, shape: Shape) {
  return z.strictObject({ protocol, type: z.literal(type), ...shape });
}

// ---------------------------------------------------------------------------------------------
// Host → proxy
// ---------------------------------------------------------------------------------------------

/** `invoke`: run one of the embeddable actions with its input. Answered by `accepted` or `error`. */
export const InvokeMessageSchema = z.discriminatedUnion("action", [
  messageSchema("invoke", {
    invocationId: InvocationIdSchema,
    action: z.literal("getWarranty"),
    input: GetWarrantyEmbedInputSchema,
  }),
  messageSchema("invoke", {
    invocationId: InvocationIdSchema,
    action: z.literal("createOrder"),
    input: CreateOrderEmbedInputSchema,
  }),
]);
/** An `invoke` message, its input parsed (text trimmed). */
export type InvokeMessage = z.infer<typeof InvokeMessageSchema>;

/**
 * `resume`: after the proxy frame (re)loads, pick up these invocations again. Each is answered
 * with `accepted` and then its current `progress`, `result` or `error`; an id the desk does not
 * know for the signed-in agent with `error UNKNOWN_INVOCATION`.
 */
export const ResumeMessageSchema = messageSchema("resume", {
  invocationIds: z
    .array(InvocationIdSchema)
    .min(1, "must name at least one invocation")
    .max(MAX_RESUME_IDS, `must name at most ${MAX_RESUME_IDS} invocations`)
    .refine((ids) => new Set(ids).size === ids.length, "must not name an invocation twice"),
});
/** A `resume` message. */
export type ResumeMessage = z.infer<typeof ResumeMessageSchema>;

/** Every message the host sends to the proxy. */
export const HostMessageSchema = z.discriminatedUnion("type", [InvokeMessageSchema, ResumeMessageSchema]);
/** A message from the host to the proxy. */
export type HostMessage = z.infer<typeof HostMessageSchema>;

// ---------------------------------------------------------------------------------------------
// Proxy → host
// ---------------------------------------------------------------------------------------------

/**
 * `ready`: the proxy is listening, and who is signed in. Sent when the frame loads and whenever
 * the sign-in state changes (signed in, signed out, session expired). On `signedIn: true` the host
 * sends `resume` for every invocation it still waits for.
 */
export const ReadyMessageSchema = z.discriminatedUnion("signedIn", [
  messageSchema("ready", {
    signedIn: z.literal(true),
    agent: z.strictObject({ displayName: z.string().min(1).max(200) }),
  }),
  messageSchema("ready", { signedIn: z.literal(false) }),
]);
/** A `ready` message. */
export type ReadyMessage = z.infer<typeof ReadyMessageSchema>;

/** `accepted`: the invocation has started (or, after `resume`, exists); `ticket` is the desk's id for it. */
export const AcceptedMessageSchema = messageSchema("accepted", {
  invocationId: InvocationIdSchema,
  ticket: z.uuid(),
});
/** An `accepted` message. */
export type AcceptedMessage = z.infer<typeof AcceptedMessageSchema>;

/**
 * What a step of a pending invocation is doing: `sent`, its requests are with the ERP and none has
 * answered; `receiving`, some have answered and the rest are still out.
 */
export const PROGRESS_STATUSES = ["sent", "receiving"] as const;
/** One of `PROGRESS_STATUSES`. */
export type ProgressStatus = (typeof PROGRESS_STATUSES)[number];

/**
 * `progress`: a pending invocation moved on. `step` is the 0-based index of the current step in
 * the chain; `steps` names the chain's steps when it has fixed ones (Create order).
 */
export const ProgressMessageSchema = messageSchema("progress", {
  invocationId: InvocationIdSchema,
  step: z
    .number()
    .int()
    .min(0)
    .max(MAX_STEPS - 1),
  status: z.enum(PROGRESS_STATUSES),
  steps: z.array(z.string().min(1).max(80)).min(1).max(MAX_STEPS).optional(),
}).refine((message) => !message.steps || message.step < message.steps.length, {
  message: "step must be one of steps",
  path: ["step"],
});
/** A `progress` message. */
export type ProgressMessage = z.infer<typeof ProgressMessageSchema>;

/**
 * `result`: the invocation completed; `value` is the action's result (a `WarrantyOutcome` for
 * getWarranty, an `OrderResult` for createOrder), checked against the desk's own result schema.
 */
export const ResultMessageSchema = z.discriminatedUnion("action", [
  messageSchema("result", {
    invocationId: InvocationIdSchema,
    action: z.literal("getWarranty"),
    value: WarrantyOutcomeSchema,
  }),
  messageSchema("result", {
    invocationId: InvocationIdSchema,
    action: z.literal("createOrder"),
    value: OrderResultSchema,
  }),
]);
/** A `result` message. */
export type ResultMessage = z.infer<typeof ResultMessageSchema>;

/**
 * `error`: an invocation failed or was refused (`invocationId`), or a message could not be read at
 * all (`invocationId: null`). `message` is a sentence fit for an agent's screen; `fieldErrors`
 * names each bad field of an `INVALID_INPUT`.
 */
export const ErrorMessageSchema = messageSchema("error", {
  invocationId: InvocationIdSchema.nullable(),
  code: EmbedErrorCodeSchema,
  message: z.string().min(1).max(MAX_ERROR_MESSAGE_LENGTH),
  fieldErrors: z
    .record(z.string().max(100), z.array(z.string().max(MAX_ERROR_MESSAGE_LENGTH)).max(10))
    .optional(),
});
/** An `error` message. */
export type ErrorMessage = z.infer<typeof ErrorMessageSchema>;

/** Every message the proxy sends to the host. */
export const ProxyMessageSchema = z.discriminatedUnion("type", [
  ReadyMessageSchema,
  AcceptedMessageSchema,
  ProgressMessageSchema,
  ResultMessageSchema,
  ErrorMessageSchema,
]);
/** A message from the proxy to the host. */
export type ProxyMessage = z.infer<typeof ProxyMessageSchema>;

type WithoutProtocol<Message> = Message extends unknown ? Omit<Message, "protocol"> : never;

/** A host message with the envelope's `protocol` filled in (not checked: the proxy parses it). */
export function createHostMessage(body: WithoutProtocol<HostMessage>): HostMessage {
  return { protocol: EMBED_PROTOCOL, ...body };
}

/** A proxy message with the envelope's `protocol` filled in (not checked: the host parses it). */
export function createProxyMessage(body: WithoutProtocol<ProxyMessage>): ProxyMessage {
  return { protocol: EMBED_PROTOCOL, ...body };
}

// ---------------------------------------------------------------------------------------------
// Parsing
// ---------------------------------------------------------------------------------------------

/**
 * Why a message was refused:
 * - `not_protocol`: not ours (no `protocol` naming this protocol): other traffic, ignore it silently;
 * - `unsupported_version`: this protocol, another version;
 * - `not_json`: not JSON data (a cycle, a BigInt);
 * - `too_large`: its JSON is over `MAX_MESSAGE_BYTES`;
 * - `unknown_type`: a `type` this side does not accept;
 * - `malformed`: a field missing, of the wrong shape, or not known;
 * - `unknown_action`: an `invoke` of an action not exposed for embedding;
 * - `invalid_input`: an `invoke` whose input breaks the action's rules.
 */
export const REFUSAL_REASONS = [
  "not_protocol",
  "unsupported_version",
  "not_json",
  "too_large",
  "unknown_type",
  "malformed",
  "unknown_action",
  "invalid_input",
] as const;
/** One of `REFUSAL_REASONS`. */
export type RefusalReason = (typeof REFUSAL_REASONS)[number];

/** A refused message: why, in a sentence, and the invocation it named (when its id was valid). */
export interface Refusal {
  ok: false;
  reason: RefusalReason;
  detail: string;
  invocationId: InvocationId | null;
  /** For `invalid_input` and `malformed`: each bad field and what is wrong with it. */
  fieldErrors?: Record<string, string[]>;
}

/** What `parseHostMessage` and `parseProxyMessage` answer: the typed message, or a refusal. */
export type ParseResult<Message> = { ok: true; message: Message } | Refusal;

const HOST_TYPES = ["invoke", "resume"] as const;
const PROXY_TYPES = ["ready", "accepted", "progress", "result", "error"] as const;

// An invoke's envelope, before its action and input are looked at.
const InvokeEnvelopeSchema = messageSchema("invoke", {
  invocationId: InvocationIdSchema,
  action: z.string({ error: "must be text" }),
  input: z.unknown(),
});

/**
 * Reads a message the proxy received from the host (`event.data`, after the origin and source
 * checks). Never throws: answers the typed message, or a refusal saying why. `errorForRefusal`
 * turns a refusal into the `error` to send back.
 */
export function parseHostMessage(data: unknown): ParseResult<HostMessage> {
  return withoutThrowing(() => readHostMessage(data));
}

/**
 * Reads a message the host received from the proxy (`event.data`, after the origin and source
 * checks). Never throws: answers the typed message (a result's value checked against the
 * action's result schema), or a refusal saying why. The host answers nothing to a refusal.
 */
export function parseProxyMessage(data: unknown): ParseResult<ProxyMessage> {
  return withoutThrowing(
    () => checkEnvelope(data, PROXY_TYPES) ?? parseWith(ProxyMessageSchema, data, invocationIdOf(data)),
  );
}

function readHostMessage(data: unknown): ParseResult<HostMessage> {
  const refused = checkEnvelope(data, HOST_TYPES);
  if (refused) return refused;
  const invocationId = invocationIdOf(data);
  if ((data as { type: string }).type === "resume") return parseWith(ResumeMessageSchema, data, invocationId);

  const envelope = InvokeEnvelopeSchema.safeParse(data);
  if (!envelope.success) return refusal("malformed", "Invalid message", envelope.error, invocationId);
  const { action } = envelope.data;
  if (!isEmbeddableAction(action)) {
    return {
      ok: false,
      reason: "unknown_action",
      detail: `${quote(action)} is not an action the desk exposes for embedding (${Object.keys(EMBEDDABLE_ACTIONS).join(", ")}).`,
      invocationId,
    };
  }
  const parsed = InvokeMessageSchema.safeParse(data);
  if (parsed.success) return { ok: true, message: parsed.data };
  // The envelope was sound, so every issue is in the input: name the fields as the desk does.
  const inInput = new z.ZodError(
    parsed.error.issues.map((issue) => ({ ...issue, path: issue.path.slice(1) })),
  );
  return refusal("invalid_input", "Invalid input", inInput, invocationId);
}

// postMessage data is a structured clone (no getters, no functions), but a caller may hand in
// anything: whatever throws while being read is not data this protocol can carry.
function withoutThrowing<Message>(read: () => ParseResult<Message>): ParseResult<Message> {
  try {
    return read();
  } catch {
    return { ok: false, reason: "not_json", detail: "The message is not JSON data.", invocationId: null };
  }
}

const REFUSAL_CODES: Record<Exclude<RefusalReason, "not_protocol">, EmbedErrorCode> = {
  unsupported_version: "UNSUPPORTED_VERSION",
  not_json: "INVALID_MESSAGE",
  too_large: "INVALID_MESSAGE",
  unknown_type: "INVALID_MESSAGE",
  malformed: "INVALID_MESSAGE",
  unknown_action: "UNKNOWN_ACTION",
  invalid_input: "INVALID_INPUT",
};

/**
 * The `error` the proxy sends back for a host message it refused, or null for one that is not
 * ours (`not_protocol`: another script's traffic gets no answer).
 */
export function errorForRefusal(refused: Refusal): ErrorMessage | null {
  if (refused.reason === "not_protocol") return null;
  return {
    protocol: EMBED_PROTOCOL,
    type: "error",
    invocationId: refused.invocationId,
    code: REFUSAL_CODES[refused.reason],
    message: shorten(refused.detail, MAX_ERROR_MESSAGE_LENGTH),
    ...(refused.fieldErrors && { fieldErrors: boundFieldErrors(refused.fieldErrors) }),
  };
}

// The host chose the field names (unknown keys are named back to it): keep the answer well inside
// the error schema and MAX_MESSAGE_BYTES, so a refusal always reaches the host.
function boundFieldErrors(fieldErrors: Record<string, string[]>): Record<string, string[]> {
  const bounded = new Map<string, string[]>();
  for (const [field, messages] of Object.entries(fieldErrors).slice(0, 10)) {
    const name = shorten(field, 100);
    if (!bounded.has(name))
      bounded.set(
        name,
        messages.slice(0, 3).map((m) => shorten(m, 200)),
      );
  }
  return Object.fromEntries(bounded);
}

/** The envelope's refusal (not ours, other version, not JSON, too large, unknown type), or null. */
function checkEnvelope(data: unknown, types: readonly string[]): Refusal | null {
  const refuse = (reason: RefusalReason, detail: string): Refusal => ({
    ok: false,
    reason,
    detail,
    invocationId: reason === "not_protocol" ? null : invocationIdOf(data),
  });
  if (!isRecord(data) || typeof data.protocol !== "string" || !data.protocol.startsWith(PROTOCOL_PREFIX)) {
    return refuse("not_protocol", `Not a ${EMBED_PROTOCOL} message.`);
  }
  if (data.protocol !== EMBED_PROTOCOL) {
    return refuse("unsupported_version", `This side speaks ${EMBED_PROTOCOL}, not ${quote(data.protocol)}.`);
  }
  const bytes = jsonBytes(data);
  if (bytes === null) return refuse("not_json", "The message is not JSON data.");
  if (bytes > MAX_MESSAGE_BYTES) {
    return refuse("too_large", `The message is ${bytes} bytes as JSON; the limit is ${MAX_MESSAGE_BYTES}.`);
  }
  if (typeof data.type !== "string" || !types.includes(data.type)) {
    return refuse("unknown_type", `type must be one of ${types.join(", ")}; got ${quote(data.type)}.`);
  }
  return null;
}

function parseWith<Schema extends z.ZodType>(
  schema: Schema,
  data: unknown,
  invocationId: InvocationId | null,
): ParseResult<z.output<Schema>> {
  const parsed = schema.safeParse(data);
  return parsed.success
    ? { ok: true, message: parsed.data }
    : refusal("malformed", "Invalid message", parsed.error, invocationId);
}

/** A refusal naming every field and what is wrong with it, in the desk's words (`invalidInput`). */
function refusal(
  reason: RefusalReason,
  heading: string,
  error: z.ZodError,
  invocationId: InvocationId | null,
): Refusal {
  // A Map, not an object: the host names unknown keys, and `__proto__` is one a probe will try.
  const fields = new Map<string, string[]>();
  const add = (path: PropertyKey[], message: string) => {
    const field = path.map(String).join(".") || "input";
    fields.set(field, [...(fields.get(field) ?? []), message]);
  };
  for (const issue of error.issues) {
    if (issue.code === "unrecognized_keys")
      for (const key of issue.keys) add([...issue.path, key], "is not a known field");
    else add(issue.path, issue.message);
  }
  const detail = `${heading}: ${[...fields]
    .map(([field, messages]) => `${field} ${messages.join(", ")}`)
    .join("; ")}.`;
  const fieldErrors = Object.fromEntries(fields);
  return { ok: false, reason, detail, invocationId, fieldErrors };
}

function invocationIdOf(data: unknown): InvocationId | null {
  if (!isRecord(data)) return null;
  const id = InvocationIdSchema.safeParse(data.invocationId);
  return id.success ? id.data : null;
}

function isRecord(data: unknown): data is Record<string, unknown> {
  return typeof data === "object" && data !== null && !Array.isArray(data);
}

/** The size of `data` as JSON in UTF-8 bytes, or null when it is not JSON data. */
function jsonBytes(data: unknown): number | null {
  let json: string | undefined;
  try {
    json = JSON.stringify(data);
  } catch {
    return null;
  }
  if (json === undefined) return null;
  // UTF-8 takes at least a byte per UTF-16 unit: no need to encode a string already too long.
  return json.length > MAX_MESSAGE_BYTES ? json.length : new TextEncoder().encode(json).length;
}

/** A value shown inside a sentence: as JSON, cut short (it came from the other side). */
function quote(value: unknown): string {
  return shorten(JSON.stringify(value) ?? String(value), 80);
}

function shorten(text: string, max: number): string {
  return text.length > max ? `${text.slice(0, max - 1)}…` : text;
}

// ---------------------------------------------------------------------------------------------
// From the desk's views to messages (the proxy's side)
// ---------------------------------------------------------------------------------------------

/**
 * What the proxy tells the host about a view of an invocation's continuation (from the event
 * stream, or a read after `resume`): `progress` while it is pending; `result` once completed, its
 * value checked against the action's result schema; `error` once failed or cancelled. A result that
 * does not match its schema, or would not fit in `MAX_MESSAGE_BYTES`, becomes `error INTERNAL`.
 */
export function messageForView(
  invocationId: InvocationId,
  action: EmbeddableAction,
  view: ContinuationView,
): ProgressMessage | ResultMessage | ErrorMessage {
  const error = (code: EmbedErrorCode, message: string): ErrorMessage => ({
    protocol: EMBED_PROTOCOL,
    type: "error",
    invocationId,
    code,
    message: shorten(message, MAX_ERROR_MESSAGE_LENGTH),
  });
  switch (view.status) {
    case "pending": {
      const steps = EMBEDDABLE_ACTIONS[action].steps;
      return {
        protocol: EMBED_PROTOCOL,
        type: "progress",
        invocationId,
        step: Math.min(view.step, (steps?.length ?? MAX_STEPS) - 1),
        status: view.callouts.some((callout) => callout.state === "done") ? "receiving" : "sent",
        ...(steps && { steps: [...steps] }),
      };
    }
    case "completed": {
      const message = resultMessage(invocationId, action, view.result);
      if (!message) return error("INTERNAL", "The desk's result could not be read.");
      const bytes = jsonBytes(message);
      if (bytes === null || bytes > MAX_MESSAGE_BYTES) {
        return error("INTERNAL", "The result is too large to send to this page; open it in the desk.");
      }
      return message;
    }
    case "cancelled":
      return error("CANCELLED", view.error?.message ?? "Cancelled before the ERP answered.");
    case "failed":
      return error(
        toEmbedErrorCode(view.error?.code ?? "INTERNAL"),
        view.error?.message ?? "The request failed because of an internal error.",
      );
  }
}

function resultMessage(
  invocationId: InvocationId,
  action: EmbeddableAction,
  result: unknown,
): ResultMessage | null {
  const base = { protocol: EMBED_PROTOCOL, type: "result", invocationId } as const;
  if (action === "getWarranty") {
    const value = WarrantyOutcomeSchema.safeParse(result);
    return value.success ? { ...base, action, value: value.data } : null;
  }
  const value = OrderResultSchema.safeParse(result);
  return value.success ? { ...base, action, value: value.data } : null;
}
