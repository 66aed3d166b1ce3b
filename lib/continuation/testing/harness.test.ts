// The harness needs no network: there is no server in this file, and none of these URLs is reachable.
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { z } from "zod";
import type { ContinuationStore } from "@/lib/continuation";
import type { Db, DbTransaction } from "@/lib/db";
import { createTestDb } from "@/lib/testing/test-db";
import type { ActionContext } from "../actions/action";
import { continuation, defineCallback, type Continuation } from "../define/continuation";
import {
  ContinuationFailure,
  EndpointNotAllowedError,
  TooManyRequestsError,
  UnknownLabelError,
} from "../errors";
import { CalloutStatus } from "../status-codes";
import { createContinuationHarness, type TestContinuation, type TestOutcome } from "./index";

let db: Db;
let store: ContinuationStore<DbTransaction>;
let cleanupDb: () => Promise<void>;
let harness: ReturnType<typeof createContinuationHarness>;
const OWNER = "agent-7";

const OrderState = z.object({ sku: z.string(), qty: z.number().int(), placedBy: z.string() });

/** Step 1: a token. Step 2 places the order with it and checks stock. */
const tokenReceived = defineCallback({
  name: "harness.token-received",
  labels: ["token"],
  state: OrderState,
  async run({ state, responses }): Promise<Continuation> {
    const token = responses.token;
    if (!token.ok)
      throw new ContinuationFailure("TOKEN_FAILED", `The token request failed (${token.statusCode}).`);
    const { access_token } = z.object({ access_token: z.string() }).parse(JSON.parse(token.body ?? ""));
    return continuation({
      callback: orderPlaced,
      state: { ...state, token: access_token },
      requests: {
        order: {
          method: "POST",
          url: "callout:ERP/orders",
          headers: { authorization: `Bearer ${access_token}`, "content-type": "application/json" },
          body: JSON.stringify({ sku: state.sku, qty: state.qty }),
        },
        stock: { url: `callout:ERP/stock/${state.sku}` },
      },
      timeoutSeconds: 20,
    });
  },
});

const orderPlaced = defineCallback({
  name: "harness.order-placed",
  labels: ["order", "stock"],
  state: OrderState.extend({ token: z.string() }),
  async run({ state, responses, tx, ownerId, step }) {
    // Written first: on failure the transaction must take it back.
    await tx.agent.create({
      data: { username: `order-${state.sku}`, displayName: `Order by ${ownerId}`, passwordHash: "x" },
    });
    const order = responses.order;
    if (order.statusCode !== 201) {
      throw new ContinuationFailure("ORDER_REJECTED", `The ERP rejected the order (${order.statusCode}).`);
    }
    const { orderId } = z.object({ orderId: z.string() }).parse(JSON.parse(order.body ?? ""));
    const stock = responses.stock;
    return {
      orderId,
      step,
      stock: stock.ok ? stock.body : null,
      stockStatus: stock.statusCode,
      stockError: stock.errorMessage,
    };
  },
});

/** Goes on forever, writing a row at each step: for the chain limit. */
const loop = defineCallback({
  name: "harness.loop",
  labels: ["again"],
  state: z.object({ tag: z.string() }),
  async run({ state, step, tx }): Promise<Continuation> {
    await tx.agent.create({
      data: { username: `${state.tag}-${step}`, displayName: "Loop", passwordHash: "x" },
    });
    return loopOnce(state.tag);
  },
});

const loopOnce = (tag: string) =>
  continuation({ callback: loop, state: { tag }, requests: { again: { url: "callout:ERP/again" } } });

/** An action's build function, as `continuationAction` would get it. */
function placeOrder(input: { sku: string; qty: number }, context: ActionContext): Continuation {
  return continuation({
    callback: tokenReceived,
    state: { sku: input.sku, qty: input.qty, placedBy: context.ownerId },
    requests: {
      token: {
        method: "POST",
        url: "callout:ERP/oauth/token",
        headers: { "content-type": "application/x-www-form-urlencoded" },
        body: "grant_type=client_credentials",
      },
    },
  });
}

const callbacks = [tokenReceived, orderPlaced, loop];

beforeAll(async () => {
  ({ db, store, cleanup: cleanupDb } = await createTestDb());
  harness = createContinuationHarness({ db, store, callbacks, ownerId: OWNER });
});

afterAll(() => cleanupDb());

function continued(outcome: TestOutcome): TestContinuation {
  if (outcome.kind !== "continued") throw new Error(`expected "continued", got ${JSON.stringify(outcome)}`);
  return outcome.next;
}

function failure(outcome: TestOutcome): { code: string; message: string } {
  if (outcome.kind !== "failed") throw new Error(`expected "failed", got ${JSON.stringify(outcome)}`);
  return outcome.error;
}

const agentCount = (username: string) => db.agent.count({ where: { username } });

describe("the harness on a 2-step chain", () => {
  it("shows each step's requests, takes responses by label and runs each callback", async () => {
    const tokenStep = await harness.start(placeOrder, { sku: "DRILL-1", qty: 2 });
    expect(tokenStep).toMatchObject({ step: 0, callbackName: "harness.token-received", timeoutSeconds: 30 });
    expect(tokenStep.labels).toEqual(["token"]);
    expect(tokenStep.state).toEqual({ sku: "DRILL-1", qty: 2, placedBy: OWNER });
    expect(tokenStep.request("token")).toMatchObject({
      method: "POST",
      url: "callout:ERP/oauth/token",
      body: "grant_type=client_credentials",
      headers: { "content-type": "application/x-www-form-urlencoded" },
      idempotencyKey: `${tokenStep.id}.0.token`,
      requestBytes: "grant_type=client_credentials".length,
    });

    const orderStep = continued(
      await tokenStep
        .setResponse("token", { status: 200, body: { access_token: "tok-123" } })
        .invokeCallback(),
    );
    expect(orderStep).toMatchObject({ id: tokenStep.id, step: 1, callbackName: "harness.order-placed" });
    expect(orderStep.timeoutSeconds).toBe(20);
    expect([...orderStep.labels].sort()).toEqual(["order", "stock"]);
    expect(orderStep.state).toEqual({ sku: "DRILL-1", qty: 2, placedBy: OWNER, token: "tok-123" });
    expect(orderStep.request("order")).toMatchObject({
      method: "POST",
      url: "callout:ERP/orders",
      body: '{"sku":"DRILL-1","qty":2}',
      headers: { authorization: "Bearer tok-123" },
      idempotencyKey: `${tokenStep.id}.1.order`,
    });
    expect(orderStep.request("stock")).toMatchObject({
      method: "GET",
      url: "callout:ERP/stock/DRILL-1",
      body: null,
      idempotencyKey: `${tokenStep.id}.1.stock`,
    });

    const outcome = await orderStep
      .setResponse("order", { status: 201, body: { orderId: "ORD-9" } })
      .setResponse("stock", CalloutStatus.TIMEOUT)
      .invokeCallback();
    expect(outcome).toEqual({
      kind: "completed",
      result: { orderId: "ORD-9", step: 1, stock: null, stockStatus: 2000, stockError: expect.any(String) },
    });
    expect(await agentCount("order-DRILL-1")).toBe(1);
  });

  it("gives a label without a response status 2003", async () => {
    const orderStep = continued(
      await (
        await harness.start(placeOrder, { sku: "SAW-2", qty: 1 })
      )
        .setResponse("token", { status: 200, body: '{"access_token":"t"}' })
        .invokeCallback(),
    );
    const outcome = await orderStep
      .setResponse("order", { status: 201, body: { orderId: "ORD-10" } })
      .invokeCallback();
    expect(outcome).toMatchObject({
      kind: "completed",
      result: { orderId: "ORD-10", stock: null, stockStatus: CalloutStatus.NOT_ARRIVED },
    });
    expect(outcome).toMatchObject({ result: { stockError: expect.stringMatching(/./) } });
  });

  it("passes a real HTTP answer through with its body", async () => {
    const orderStep = continued(
      await (
        await harness.start(placeOrder, { sku: "SANDER-3", qty: 1 })
      )
        .setResponse("token", { status: 200, body: { access_token: "t" } })
        .invokeCallback(),
    );
    const outcome = await orderStep
      .setResponse("order", { status: 201, body: { orderId: "ORD-11" } })
      .setResponse("stock", { status: 200, body: "12 in stock", headers: { "x-warehouse": "north" } })
      .invokeCallback();
    expect(outcome).toMatchObject({ kind: "completed", result: { stock: "12 in stock", stockStatus: 200 } });
  });

  it("reports a throwing callback as failed and rolls its writes back", async () => {
    const orderStep = continued(
      await (
        await harness.start(placeOrder, { sku: "LATHE-4", qty: 9 })
      )
        .setResponse("token", { status: 200, body: { access_token: "t" } })
        .invokeCallback(),
    );
    const outcome = await orderStep
      .setResponse("order", { status: 409, body: "out of stock" })
      .invokeCallback();
    expect(outcome).toMatchObject({
      kind: "failed",
      error: { code: "ORDER_REJECTED", message: "The ERP rejected the order (409)." },
    });
    expect(await agentCount("order-LATHE-4")).toBe(0);
  });

  it("fails the first step on a runtime code for the token", async () => {
    const tokenStep = await harness.start(placeOrder, { sku: "PLANER-5", qty: 1 });
    const outcome = await tokenStep.setResponse("token", CalloutStatus.CONNECTION_FAILED).invokeCallback();
    expect(outcome).toMatchObject({ kind: "failed", error: { code: "TOKEN_FAILED" } });
    expect(failure(outcome).message).toContain("2001");
  });

  it("refuses labels the step does not have", async () => {
    const tokenStep = await harness.start(placeOrder, { sku: "X", qty: 1 });
    expect(() => tokenStep.request("order")).toThrow(UnknownLabelError);
    expect(() => tokenStep.setResponse("order", 200)).toThrow(/No request labelled "order".*labels: token/);
  });
});

describe("the harness on the chain limit", () => {
  it("fails a callback returning a 4th continuation with CHAIN_TOO_LONG, rolling back its writes", async () => {
    const step0 = harness.of(loopOnce("short"));
    const step1 = continued(await step0.invokeCallback());
    const step2 = continued(await step1.invokeCallback());
    expect(step2.step).toBe(2);
    const outcome = await step2.invokeCallback();
    expect(outcome).toMatchObject({ kind: "failed", error: { code: "CHAIN_TOO_LONG" } });
    expect(failure(outcome).message).toMatch(/at most 3 continuations.*number 4/);
    // Steps 0 and 1 committed their rows; step 2's was rolled back with the refusal.
    expect(await agentCount("short-0")).toBe(1);
    expect(await agentCount("short-1")).toBe(1);
    expect(await agentCount("short-2")).toBe(0);
  });

  it("follows maxChainLength overrides", async () => {
    const longer = createContinuationHarness({
      db,
      store,
      callbacks,
      ownerId: OWNER,
      limits: { maxChainLength: 4 },
    });
    let step = longer.of(loopOnce("long"));
    for (let i = 0; i < 3; i++) step = continued(await step.invokeCallback());
    expect(step.step).toBe(3);
    expect(await step.invokeCallback()).toMatchObject({ kind: "failed", error: { code: "CHAIN_TOO_LONG" } });
    expect(await agentCount("long-3")).toBe(0);
  });
});

describe("the harness's checks", () => {
  it("applies the runtime's limits when a build returns a continuation", async () => {
    const valid = placeOrder({ sku: "A", qty: 1 }, { ownerId: OWNER, db });
    const four: Continuation = {
      ...valid,
      requests: ["a", "b", "c", "d"].map((label) => ({ label, url: `callout:ERP/${label}` })),
    };
    await expect(harness.start(() => four, null)).rejects.toBeInstanceOf(TooManyRequestsError);
  });

  it("checks URLs against credentials and allow-list when given them", async () => {
    const strict = createContinuationHarness({
      db,
      store,
      callbacks,
      credentials: [{ name: "ERP", baseUrl: "http://127.0.0.1:9", headers: () => ({ "x-api-key": "k" }) }],
    });
    expect((await strict.start(placeOrder, { sku: "A", qty: 1 })).request("token").url).toBe(
      "callout:ERP/oauth/token",
    );
    const elsewhere = (): Continuation => loopOnce("x");
    await expect(
      strict.start(() => ({ ...elsewhere(), requests: [{ label: "again", url: "callout:OTHER/x" }] }), null),
    ).rejects.toBeInstanceOf(EndpointNotAllowedError);
  });
});
