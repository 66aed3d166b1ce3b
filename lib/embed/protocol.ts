// The typed postMessage protocol between a host page on another site and the desk's continuation
// proxy frame (issue 12; docs/embedding.md). Both sides run in a browser, so this module imports
// only zod, the shared input rules and the browser-safe result schemas; protocol.test.ts checks that
// the input schemas here agree with the server's.
import { z } from "zod";
import { lineOfText, strictInput, wholeNumber } from "@/lib/input";
import { ORDER_STEPS, OrderResultSchema } from "@/lib/orders/order-views";
import { WarrantyOutcomeSchema } from "@/lib/warranty/warranty-outcome";

/**
 * The `protocol` field of every message: marks ours among other postMessage traffic and names the
 * version. A message naming another version of this protocol is refused as `unsupported_version`.
 */
export const EMBED_PROTOCOL = "warranty-desk/continuation-proxy@1";
/** What every version of this protocol's `protocol` field starts with. */
export const PROTOCOL_PREFIX = "warranty-desk/continuation-proxy@";

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

/** A strict message of `type` with the envelope's `protocol`, and `shape`. */
export function messageSchema<Type extends string, Shape extends z.ZodRawShape>(type: Type, shape: Shape) {
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
