import { describe, expect, it } from "vitest";
import { z } from "zod";
import { invalidInput, type ContinuationView } from "@/lib/continuation";
import { CreateOrderInputSchema } from "@/lib/orders/create-order";
import { ORDER_STEPS } from "@/lib/orders/order-views";
import { GetWarrantyInputSchema } from "@/lib/warranty/get-warranty";
import {
  errorForRefusal,
  parseHostMessage,
  parseProxyMessage,
  type ParseResult,
  type Refusal,
} from "./parse";
import {
  CreateOrderEmbedInputSchema,
  createHostMessage,
  createProxyMessage,
  EMBED_PROTOCOL,
  GetWarrantyEmbedInputSchema,
  MAX_MESSAGE_BYTES,
  toEmbedErrorCode,
} from "./protocol";
import { messageForView } from "./views";

const protocol = EMBED_PROTOCOL;
const invocationId = "5b0c7c0e-3f1a-4c6e-9d2b-8a1f2e3d4c5b";
const ticket = "0f8fad5b-d9cb-469f-a165-70867728950e";
const order = { productId: "wd-drill-18v", quantity: 2, customerReference: "PO-7" };
const invokeOrder = { protocol, type: "invoke", invocationId, action: "createOrder", input: order };

function refused<Message>(result: ParseResult<Message>): Refusal {
  if (result.ok) throw new Error(`expected a refusal, got ${JSON.stringify(result.message)}`);
  return result;
}

describe("host messages", () => {
  it.each([
    [
      "invoke getWarranty",
      { protocol, type: "invoke", invocationId, action: "getWarranty", input: { productId: "wd-1" } },
    ],
    ["invoke createOrder", invokeOrder],
    ["resume", { protocol, type: "resume", invocationIds: [invocationId, "tok_0123456789abcdef"] }],
  ])("%s parses", (_, data) => {
    expect(parseHostMessage(data)).toEqual({ ok: true, message: data });
  });

  it("gives the input as the desk will see it: text trimmed", () => {
    const parsed = parseHostMessage({ ...invokeOrder, input: { ...order, customerReference: "  PO-7 " } });
    expect(parsed.ok && parsed.message.type === "invoke" && parsed.message.input).toEqual(order);
  });

  it.each([
    ["null", null],
    ["a string", "invoke"],
    ["an array", [protocol, "invoke"]],
    ["an object without protocol", { type: "invoke", invocationId, action: "getWarranty", input: {} }],
    ["another protocol", { ...invokeOrder, protocol: "react-devtools-bridge" }],
    ["a protocol that is not text", { ...invokeOrder, protocol: 1 }],
  ])("ignores other traffic: %s", (_, data) => {
    const refusal = refused(parseHostMessage(data));
    expect(refusal.reason).toBe("not_protocol");
    expect(errorForRefusal(refusal)).toBeNull();
  });

  it("refuses another version of the protocol, naming both", () => {
    const refusal = refused(
      parseHostMessage({ ...invokeOrder, protocol: "warranty-desk/continuation-proxy@2" }),
    );
    expect(refusal).toMatchObject({ reason: "unsupported_version", invocationId });
    expect(refusal.detail).toBe(`This side speaks ${protocol}, not "warranty-desk/continuation-proxy@2".`);
    expect(errorForRefusal(refusal)?.code).toBe("UNSUPPORTED_VERSION");
  });

  it.each([
    ["a type the proxy does not accept", "signIn"],
    ["a proxy message", "ready"],
    ["no type", undefined],
  ])("refuses %s", (_, type) => {
    const refusal = refused(parseHostMessage({ protocol, type, invocationId }));
    expect(refusal).toMatchObject({ reason: "unknown_type", invocationId });
    expect(refusal.detail).toMatch(/^type must be one of invoke, resume; got /);
    expect(errorForRefusal(refusal)?.code).toBe("INVALID_MESSAGE");
  });

  it("refuses unknown keys in the envelope and in the input, naming each", () => {
    const envelope = refused(parseHostMessage({ ...invokeOrder, targetOrigin: "*" }));
    expect(envelope).toMatchObject({ reason: "malformed", invocationId });
    expect(envelope.fieldErrors).toEqual({ targetOrigin: ["is not a known field"] });

    const input = refused(parseHostMessage({ ...invokeOrder, input: { ...order, colour: "red" } }));
    expect(input).toMatchObject({
      reason: "invalid_input",
      invocationId,
      detail: "Invalid input: colour is not a known field.",
    });
    expect(errorForRefusal(input)).toMatchObject({
      code: "INVALID_INPUT",
      fieldErrors: { colour: ["is not a known field"] },
    });

    const resume = refused(
      parseHostMessage({ protocol, type: "resume", invocationIds: [invocationId], all: true }),
    );
    expect(resume.reason).toBe("malformed");
  });

  it.each([
    ["empty", ""],
    ["too short", "abc123"],
    ["too long", "a".repeat(65)],
    ["a path", "../../continuations/x"],
    ["with a space", "invocation 0123456789"],
    ["a UUID in braces", `{${invocationId}}`],
    ["a number", 1234567890123456],
    ["null", null],
  ])("refuses an invocation id that is %s", (_, id) => {
    const refusal = refused(parseHostMessage({ ...invokeOrder, invocationId: id }));
    expect(refusal).toMatchObject({ reason: "malformed", invocationId: null });
    expect(Object.keys(refusal.fieldErrors ?? {})).toEqual(["invocationId"]);
    expect(errorForRefusal(refusal)).toMatchObject({ code: "INVALID_MESSAGE", invocationId: null });
  });

  it("accepts UUIDs and bounded tokens as invocation ids", () => {
    for (const id of [crypto.randomUUID(), "A".repeat(16), "x_-".repeat(21) + "y"]) {
      expect(parseHostMessage({ ...invokeOrder, invocationId: id }).ok, id).toBe(true);
    }
  });

  it.each(["cancelEverything", "toString", "__proto__", "constructor", "GetWarranty"])(
    "refuses the action %s: only the exposed ones may be invoked",
    (action) => {
      const refusal = refused(parseHostMessage({ ...invokeOrder, action }));
      expect(refusal).toMatchObject({ reason: "unknown_action", invocationId });
      expect(refusal.detail).toBe(
        `"${action}" is not an action the desk exposes for embedding (getWarranty, createOrder).`,
      );
      expect(errorForRefusal(refusal)).toMatchObject({ code: "UNKNOWN_ACTION", invocationId });
    },
  );

  it.each([
    ["quantity as text", { ...order, quantity: "7" }, "Invalid input: quantity must be a number."],
    ["quantity out of range", { ...order, quantity: 1000 }, "Invalid input: quantity must be at most 999."],
    [
      "a newline in the reference",
      { ...order, customerReference: "PO-7\r\nX-Injected: 1" },
      "Invalid input: customerReference must not contain control or bidirectional-formatting characters.",
    ],
    [
      "a right-to-left override in the product",
      { ...order, productId: "wd-\u202e1" },
      "Invalid input: productId must not contain control or bidirectional-formatting characters.",
    ],
    ["no input", undefined, "Invalid input: input must be an object."],
  ])("refuses an input with %s, in the desk's words", (_, input, detail) => {
    const refusal = refused(parseHostMessage({ ...invokeOrder, input }));
    expect(refusal).toMatchObject({ reason: "invalid_input", invocationId, detail });
    // The same sentence the desk's own action answers for that input.
    const server = CreateOrderInputSchema.safeParse(input);
    expect(server.success).toBe(false);
    if (!server.success) expect(detail).toBe(invalidInput(server.error).message);
  });

  it("refuses a message over 16 KiB before reading its input, counting UTF-8 bytes", () => {
    const long = refused(
      parseHostMessage({
        ...invokeOrder,
        input: { ...order, customerReference: "x".repeat(MAX_MESSAGE_BYTES) },
      }),
    );
    expect(long).toMatchObject({ reason: "too_large", invocationId });
    expect(errorForRefusal(long)?.code).toBe("INVALID_MESSAGE");
    // 6,000 characters, 18,000 bytes.
    const wide = refused(
      parseHostMessage({ ...invokeOrder, input: { ...order, customerReference: "€".repeat(6_000) } }),
    );
    expect(wide.reason).toBe("too_large");
    // Just under the limit, the input's own rules answer.
    const under = refused(
      parseHostMessage({ ...invokeOrder, input: { ...order, customerReference: "€".repeat(5_000) } }),
    );
    expect(under.reason).toBe("invalid_input");
  });

  it("refuses what is not JSON data without throwing", () => {
    const cyclic: Record<string, unknown> = { ...invokeOrder };
    cyclic.self = cyclic;
    expect(refused(parseHostMessage(cyclic)).reason).toBe("not_json");
    expect(refused(parseHostMessage({ ...invokeOrder, input: { ...order, quantity: 2n } })).reason).toBe(
      "not_json",
    );
    const hostile = {
      protocol,
      get type(): string {
        throw new Error("boom");
      },
    };
    expect(refused(parseHostMessage(hostile)).reason).toBe("not_json");
  });

  it("names __proto__ back as an unknown key, and the answer still reaches the host", () => {
    const data = JSON.parse(
      JSON.stringify(invokeOrder).replace('"input":{', '"input":{"__proto__":{"x":1},'),
    );
    const refusal = refused(parseHostMessage(data));
    expect(refusal.detail).toBe("Invalid input: __proto__ is not a known field.");
    expect(parseProxyMessage(errorForRefusal(refusal)).ok).toBe(true);
  });

  it("keeps an answer to a message full of unknown keys inside the limits, so the host reads it", () => {
    const junk = Object.fromEntries(Array.from({ length: 120 }, (_, i) => [`${"k".repeat(90)}${i}`, 1]));
    const refusal = refused(parseHostMessage({ ...invokeOrder, input: { ...order, ...junk } }));
    expect(Object.keys(refusal.fieldErrors ?? {})).toHaveLength(120);
    const answer = errorForRefusal(refusal);
    expect(Object.keys(answer?.fieldErrors ?? {})).toHaveLength(10);
    expect(parseProxyMessage(answer)).toEqual({ ok: true, message: answer });
  });
});

describe("the embeddable inputs follow the server's rules", () => {
  const warrantySamples: unknown[] = [
    { productId: "wd-drill-18v" },
    { productId: "  wd-drill-18v  " },
    { productId: "" },
    { productId: "   " },
    { productId: "x".repeat(64) },
    { productId: "x".repeat(65) },
    { productId: "wd\u0000" },
    { productId: "wd\n" },
    { productId: "wd\u2066x" },
    { productId: "wd\u061c" },
    { productId: "ünïcödé-✓" },
    { productId: 7 },
    { productId: ["wd"] },
    { productId: "wd", extra: 1 },
    {},
    null,
    "wd",
    [],
  ];
  const orderSamples: unknown[] = [
    order,
    { ...order, quantity: 1 },
    { ...order, quantity: 999 },
    { ...order, quantity: 0 },
    { ...order, quantity: 1000 },
    { ...order, quantity: -1 },
    { ...order, quantity: 2.5 },
    { ...order, quantity: "7" },
    { ...order, quantity: true },
    { ...order, quantity: [7] },
    { ...order, quantity: null },
    { ...order, quantity: Number.NaN },
    { ...order, quantity: Number.POSITIVE_INFINITY },
    { ...order, customerReference: "" },
    { ...order, customerReference: " PO-7 " },
    { ...order, customerReference: "r".repeat(64) },
    { ...order, customerReference: "r".repeat(65) },
    { ...order, customerReference: "PO\t7" },
    { ...order, customerReference: "PO\u007f7" },
    { ...order, customerReference: "PO\u00857" },
    { ...order, customerReference: "PO-\u202e7" },
    { ...order, customerReference: "PO\u200f7" },
    { ...order, productId: "" },
    { ...order, productId: "x".repeat(65) },
    { ...order, colour: "red" },
    { productId: "wd", quantity: 1 },
    {},
    null,
  ];

  it.each(warrantySamples.map((sample) => [JSON.stringify(sample), sample]))(
    "Get warranty, %s",
    (_, sample) => {
      expect(outcome(GetWarrantyEmbedInputSchema, sample)).toEqual(outcome(GetWarrantyInputSchema, sample));
    },
  );

  it.each(orderSamples.map((sample) => [JSON.stringify(sample), sample]))("Create order, %s", (_, sample) => {
    expect(outcome(CreateOrderEmbedInputSchema, sample)).toEqual(outcome(CreateOrderInputSchema, sample));
  });

  it("have the same fields, types and bounds (the refinements are what the samples check)", () => {
    expect(z.toJSONSchema(GetWarrantyEmbedInputSchema)).toEqual(z.toJSONSchema(GetWarrantyInputSchema));
    expect(z.toJSONSchema(CreateOrderEmbedInputSchema)).toEqual(z.toJSONSchema(CreateOrderInputSchema));
  });

  it("the table holds samples each schema accepts and refuses (a test that cannot fail is a defect)", () => {
    const accepted = (
      schema: typeof GetWarrantyInputSchema | typeof CreateOrderInputSchema,
      samples: unknown[],
    ) => new Set(samples.map((sample) => schema.safeParse(sample).success));
    expect(accepted(GetWarrantyInputSchema, warrantySamples)).toEqual(new Set([true, false]));
    expect(accepted(CreateOrderInputSchema, orderSamples)).toEqual(new Set([true, false]));
  });

  /** What a schema makes of a sample: the parsed value, or the desk's INVALID_INPUT sentence. */
  function outcome(
    schema: { safeParse(raw: unknown): { success: boolean; data?: unknown; error?: unknown } },
    sample: unknown,
  ) {
    const parsed = schema.safeParse(sample);
    return parsed.success ? { data: parsed.data } : { refusal: invalidInput(parsed.error as never).message };
  }
});

describe("proxy messages", () => {
  const warranty = { outcome: "active", serial: "SN-1", endDate: "2027-01-31" };
  const placed = { orderNumber: "ERP-100", status: "received", quantity: 2, customerReference: "PO-7" };

  it.each([
    ["ready, signed in", { protocol, type: "ready", signedIn: true, agent: { displayName: "Alice Agent" } }],
    ["ready, signed out", { protocol, type: "ready", signedIn: false }],
    ["accepted", { protocol, type: "accepted", invocationId, ticket }],
    ["progress", { protocol, type: "progress", invocationId, step: 0, status: "sent" }],
    [
      "progress with steps",
      { protocol, type: "progress", invocationId, step: 2, status: "receiving", steps: [...ORDER_STEPS] },
    ],
    [
      "result of getWarranty",
      { protocol, type: "result", invocationId, action: "getWarranty", value: warranty },
    ],
    [
      "result of createOrder",
      { protocol, type: "result", invocationId, action: "createOrder", value: placed },
    ],
    [
      "error",
      { protocol, type: "error", invocationId, code: "PRODUCT_NOT_FOUND", message: "No product with id x." },
    ],
    [
      "error from the ERP",
      { protocol, type: "error", invocationId, code: "ERP_TIMEOUT", message: "Too slow." },
    ],
    [
      "error naming fields",
      {
        protocol,
        type: "error",
        invocationId,
        code: "INVALID_INPUT",
        message: "Invalid input: quantity must be a number.",
        fieldErrors: { quantity: ["must be a number"] },
      },
    ],
    [
      "error about no invocation",
      { protocol, type: "error", invocationId: null, code: "INVALID_MESSAGE", message: "?" },
    ],
  ])("%s parses", (_, data) => {
    expect(parseProxyMessage(data)).toEqual({ ok: true, message: data });
  });

  it.each([
    ["signed in without an agent", { protocol, type: "ready", signedIn: true }],
    ["signed out with an agent", { protocol, type: "ready", signedIn: false, agent: { displayName: "A" } }],
    ["a ticket that is not a UUID", { protocol, type: "accepted", invocationId, ticket: "42" }],
    [
      "a step past the steps",
      { protocol, type: "progress", invocationId, step: 3, status: "sent", steps: [...ORDER_STEPS] },
    ],
    ["a status of its own", { protocol, type: "progress", invocationId, step: 0, status: "done" }],
    [
      "a result of another shape",
      { protocol, type: "result", invocationId, action: "getWarranty", value: placed },
    ],
    [
      "a result of an action not exposed",
      { protocol, type: "result", invocationId, action: "refreshOrder", value: placed },
    ],
    ["an error code outside the set", { protocol, type: "error", invocationId, code: "OOPS", message: "m" }],
    [
      "an ERP code in lower case",
      { protocol, type: "error", invocationId, code: "erp_timeout", message: "m" },
    ],
    ["an error without a message", { protocol, type: "error", invocationId, code: "INTERNAL", message: "" }],
    ["an unknown key", { protocol, type: "accepted", invocationId, ticket, stack: "at proxy.ts:1" }],
  ])("refuses %s", (_, data) => {
    expect(refused(parseProxyMessage(data)).reason).toBe("malformed");
  });

  it("refuses host messages, other versions and oversized results", () => {
    expect(refused(parseProxyMessage(invokeOrder)).reason).toBe("unknown_type");
    expect(
      refused(parseProxyMessage({ protocol: "warranty-desk/continuation-proxy@0", type: "ready" })).reason,
    ).toBe("unsupported_version");
    const big = { ...placed, customerReference: "r".repeat(MAX_MESSAGE_BYTES) };
    expect(
      refused(
        parseProxyMessage({ protocol, type: "result", invocationId, action: "createOrder", value: big }),
      ).reason,
    ).toBe("too_large");
  });

  it("builds messages with the envelope filled in", () => {
    const ready = createProxyMessage({ type: "ready", signedIn: false });
    expect(parseProxyMessage(ready)).toEqual({
      ok: true,
      message: { protocol, type: "ready", signedIn: false },
    });
    const resume = createHostMessage({ type: "resume", invocationIds: [invocationId] });
    expect(parseHostMessage(resume).ok).toBe(true);
  });
});

describe("error codes", () => {
  it.each([
    ["UNAUTHENTICATED", "UNAUTHENTICATED"],
    ["INVALID_INPUT", "INVALID_INPUT"],
    ["PRODUCT_NOT_FOUND", "PRODUCT_NOT_FOUND"],
    ["CANCELLED", "CANCELLED"],
    ["ERP_TIMEOUT", "ERP_TIMEOUT"],
    ["ERP_ORDER_CONFLICT", "ERP_ORDER_CONFLICT"],
    ["RUNTIME_CLOSED", "UNAVAILABLE"],
    ["NOT_FOUND", "UNKNOWN_INVOCATION"],
    ["CALLBACK_TIMEOUT", "INTERNAL"],
    ["STATE_TOO_LARGE", "INTERNAL"],
    ["ERP_", "INTERNAL"],
    ["erp_timeout", "INTERNAL"],
    ["toString", "INTERNAL"],
    ["__proto__", "INTERNAL"],
  ])("the desk's %s is %s", (deskCode, code) => {
    expect(toEmbedErrorCode(deskCode)).toBe(code);
  });
});

describe("views become messages", () => {
  function view(overrides: Partial<ContinuationView>): ContinuationView {
    return {
      id: ticket,
      status: "pending",
      step: 0,
      subject: null,
      createdAt: "2026-01-01T00:00:00.000Z",
      updatedAt: "2026-01-01T00:00:01.000Z",
      finishedAt: null,
      deadlineAt: "2026-01-01T00:02:00.000Z",
      result: null,
      error: null,
      callouts: [{ label: "token", state: "sent", statusCode: null }],
      summary: null,
      ...overrides,
    };
  }

  /** The message for `v`, checked to be one the host accepts. */
  function sent(action: "getWarranty" | "createOrder", v: ContinuationView) {
    const message = messageForView(invocationId, action, v);
    expect(parseProxyMessage(message)).toEqual({ ok: true, message });
    return message;
  }

  it("a pending order is progress, with its step names; an answered callout makes it receiving", () => {
    expect(sent("createOrder", view({ step: 1 }))).toMatchObject({
      type: "progress",
      step: 1,
      status: "sent",
      steps: [...ORDER_STEPS],
    });
    const parallel = view({
      callouts: [
        { label: "a", state: "done", statusCode: 200 },
        { label: "b", state: "sent", statusCode: null },
      ],
    });
    expect(sent("getWarranty", parallel)).toEqual({
      protocol,
      type: "progress",
      invocationId,
      step: 0,
      status: "receiving",
    });
  });

  it("a completed lookup is its typed result; one that does not match the schema is INTERNAL", () => {
    const result = {
      outcome: "expired",
      serial: "SN-1",
      endDate: "2024-01-01",
      offers: [],
      offersError: null,
    };
    expect(sent("getWarranty", view({ status: "completed", result }))).toMatchObject({
      type: "result",
      action: "getWarranty",
      value: result,
    });
    expect(sent("createOrder", view({ status: "completed", result }))).toMatchObject({
      type: "error",
      code: "INTERNAL",
    });
  });

  it("a result too large for a message is INTERNAL, not a message the host would drop", () => {
    const offers = Array.from({ length: 400 }, (_, i) => ({
      code: `EXT-${i}`,
      months: 12,
      price: { amount: 99, currency: "EUR" },
    }));
    const result = { outcome: "expired", serial: "SN-1", endDate: "2024-01-01", offers, offersError: null };
    expect(sent("getWarranty", view({ status: "completed", result }))).toMatchObject({
      type: "error",
      code: "INTERNAL",
    });
  });

  it("a failure keeps the ERP's code and message; the runtime's own codes are INTERNAL; a cancel is CANCELLED", () => {
    const erp = { code: "ERP_TIMEOUT", message: "The ERP did not answer the warranty lookup in time." };
    expect(sent("getWarranty", view({ status: "failed", error: erp }))).toMatchObject({
      type: "error",
      ...erp,
    });
    const callback = { code: "CALLBACK_TIMEOUT", message: "The callback did not finish within 10000 ms." };
    expect(sent("getWarranty", view({ status: "failed", error: callback }))).toMatchObject({
      code: "INTERNAL",
    });
    expect(sent("createOrder", view({ status: "cancelled", error: null }))).toMatchObject({
      code: "CANCELLED",
    });
    const long = { code: "ERP_ERROR", message: "m".repeat(5_000) };
    expect(sent("createOrder", view({ status: "failed", error: long }))).toMatchObject({ code: "ERP_ERROR" });
  });
});
