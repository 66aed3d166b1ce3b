// Reading the other side's messages (lib/embed/protocol.ts defines them): never throwing, every
// refusal with its reason, and the `error` to answer it with.
import { z } from "zod";
import {
  EMBED_PROTOCOL,
  EMBEDDABLE_ACTIONS,
  type EmbedErrorCode,
  type ErrorMessage,
  type HostMessage,
  type InvocationId,
  InvocationIdSchema,
  InvokeMessageSchema,
  isEmbeddableAction,
  MAX_ERROR_MESSAGE_LENGTH,
  MAX_MESSAGE_BYTES,
  messageSchema,
  PROTOCOL_PREFIX,
  type ProxyMessage,
  ProxyMessageSchema,
  ResumeMessageSchema,
} from "./protocol";

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
export function jsonBytes(data: unknown): number | null {
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

export function shorten(text: string, max: number): string {
  return text.length > max ? `${text.slice(0, max - 1)}…` : text;
}
