import { describe, expect, it } from "vitest";
import { createErpServer } from "./server";
import { API_KEY, errorCode, START, setupTestErp, withKey } from "./test-support";
import type { ErrorJson } from "./test-support";

const erp = setupTestErp();

const ORDER = { sku: "WD-DRILL-18V", quantity: 2, customerReference: "PO-4711" };

interface OrderJson {
  orderNumber: string;
  status: string;
  sku: string;
  quantity: number;
  customerReference: string;
  createdAt: string;
}

function postOrder(
  body: unknown,
  { token, key = "key-1", raw }: { token?: string; key?: string | null; raw?: string } = {},
): Promise<Response> {
  return erp.fetch("/orders", {
    method: "POST",
    headers: {
      "content-type": "application/json",
      ...(token !== undefined && { authorization: `Bearer ${token}` }),
      ...(key !== null && { "idempotency-key": key }),
    },
    body: raw ?? JSON.stringify(body),
  });
}

async function adminOrders(): Promise<Array<Record<string, unknown>>> {
  return (
    (await (await erp.admin("GET", "/__admin/orders")).json()) as { orders: Array<Record<string, unknown>> }
  ).orders;
}

describe("POST /orders", () => {
  it("creates an order for a valid token and answers 201", async () => {
    const token = await erp.token();
    const res = await postOrder(ORDER, { token });
    expect(res.status).toBe(201);
    expect(res.headers.get("idempotent-replayed")).toBeNull();
    expect(await res.json()).toEqual({
      orderNumber: "SO-100001",
      status: "received",
      sku: "WD-DRILL-18V",
      quantity: 2,
      customerReference: "PO-4711",
      createdAt: START.toISOString(),
    });
    const second = await postOrder(ORDER, { token, key: "key-2" });
    expect(((await second.json()) as OrderJson).orderNumber).toBe("SO-100002");
    expect(await erp.stats()).toMatchObject({
      requests: { "POST /orders": 2 },
      ordersCreated: 2,
      idempotentReplays: 0,
    });
  });

  it("trims customerReference", async () => {
    const res = await postOrder(
      { ...ORDER, customerReference: "  PO-4711 \t" },
      { token: await erp.token() },
    );
    expect(res.status).toBe(201);
    expect(((await res.json()) as OrderJson).customerReference).toBe("PO-4711");
  });

  it("replays the stored answer for a repeated key without creating another order", async () => {
    const token = await erp.token();
    const first = await postOrder(ORDER, { token });
    const firstBody = await first.text();
    erp.advance(10_000);
    const replay = await postOrder(ORDER, { token });
    expect(replay.status).toBe(201);
    expect(replay.headers.get("idempotent-replayed")).toBe("true");
    expect(await replay.text()).toBe(firstBody);
    expect(await erp.stats()).toMatchObject({ ordersCreated: 1, idempotentReplays: 1 });
    expect(await adminOrders()).toHaveLength(1);
  });

  it("replays for another valid token too (the key, not the token, identifies the request)", async () => {
    await postOrder(ORDER, { token: await erp.token() });
    const replay = await postOrder(ORDER, { token: await erp.token() });
    expect(replay.headers.get("idempotent-replayed")).toBe("true");
  });

  it("answers 422 IDEMPOTENCY_KEY_REUSED for the same key with a different body", async () => {
    const token = await erp.token();
    expect((await postOrder(ORDER, { token })).status).toBe(201);
    for (const changed of [
      { ...ORDER, sku: "WD-SAW-CIRC" },
      { ...ORDER, quantity: 3 },
      { ...ORDER, customerReference: "PO-4712" },
    ]) {
      const res = await postOrder(changed, { token });
      expect(res.status).toBe(422);
      expect(await errorCode(res)).toBe("IDEMPOTENCY_KEY_REUSED");
    }
    expect(await erp.stats()).toMatchObject({ ordersCreated: 1, idempotentReplays: 0 });
  });

  it("lets two concurrent requests with one key create exactly one order", async () => {
    const token = await erp.token();
    const answers = await Promise.all([postOrder(ORDER, { token }), postOrder(ORDER, { token })]);
    expect(answers.map((res) => res.status)).toEqual([201, 201]);
    expect(answers.map((res) => res.headers.get("idempotent-replayed")).sort()).toEqual(
      [null, "true"].sort(),
    );
    expect(await erp.stats()).toMatchObject({ ordersCreated: 1, idempotentReplays: 1 });
  });

  it.each([
    ["missing", null],
    ["empty", ""],
    ["too long", "k".repeat(201)],
  ])("answers 400 IDEMPOTENCY_KEY_REQUIRED for a %s key", async (_label, key) => {
    const res = await postOrder(ORDER, { token: await erp.token(), key });
    expect(res.status).toBe(400);
    expect(await errorCode(res)).toBe("IDEMPOTENCY_KEY_REQUIRED");
  });

  it("accepts a key of 200 printable characters", async () => {
    const res = await postOrder(ORDER, { token: await erp.token(), key: "k ~!".repeat(50) });
    expect(res.status).toBe(201);
  });

  describe("bearer token", () => {
    const expectInvalidToken = async (res: Response): Promise<void> => {
      expect(res.status).toBe(401);
      expect(res.headers.get("www-authenticate")).toBe("Bearer");
      expect(await res.json()).toEqual({
        error: { code: "INVALID_TOKEN", message: "The access token is missing, unknown or expired." },
      });
    };

    it("rejects a missing, unknown or API-key-only request with 401 INVALID_TOKEN", async () => {
      await expectInvalidToken(await postOrder(ORDER));
      await expectInvalidToken(await postOrder(ORDER, { token: "made-up" }));
      await expectInvalidToken(
        await erp.fetch("/orders", {
          method: "POST",
          headers: { ...withKey, "idempotency-key": "key-1" },
          body: JSON.stringify(ORDER),
        }),
      );
      await expectInvalidToken(
        await erp.fetch("/orders", {
          method: "POST",
          headers: {
            authorization: `Basic ${Buffer.from("a:b").toString("base64")}`,
            "idempotency-key": "k",
          },
          body: JSON.stringify(ORDER),
        }),
      );
    });

    it("rejects an expired token", async () => {
      const token = await erp.token();
      erp.advance(59_999);
      expect((await postOrder(ORDER, { token, key: "a" })).status).toBe(201);
      erp.advance(1);
      await expectInvalidToken(await postOrder(ORDER, { token, key: "b" }));
    });

    it("checks the token before the key and the body, and stores nothing for a 401", async () => {
      await expectInvalidToken(await postOrder({ nonsense: true }, { key: null }));
      await expectInvalidToken(await postOrder(ORDER, { token: "made-up" }));
      const retry = await postOrder(ORDER, { token: await erp.token() });
      expect(retry.status).toBe(201);
      expect(retry.headers.get("idempotent-replayed")).toBeNull();
      expect(await erp.stats()).toMatchObject({ ordersCreated: 1, idempotentReplays: 0 });
    });
  });

  describe("validation", () => {
    it.each([
      ["quantity 0", { ...ORDER, quantity: 0 }, "quantity"],
      ["quantity 1000", { ...ORDER, quantity: 1000 }, "quantity"],
      ["fractional quantity", { ...ORDER, quantity: 1.5 }, "quantity"],
      ["quantity as string", { ...ORDER, quantity: "2" }, "quantity"],
      ["missing quantity", { sku: ORDER.sku, customerReference: "x" }, "quantity"],
      ["blank customerReference", { ...ORDER, customerReference: "   " }, "customerReference"],
      [
        "customerReference of 65 characters",
        { ...ORDER, customerReference: "r".repeat(65) },
        "customerReference",
      ],
      ["numeric customerReference", { ...ORDER, customerReference: 42 }, "customerReference"],
      ["missing sku", { quantity: 1, customerReference: "x" }, "sku"],
      ["an array", [ORDER], "JSON object"],
    ])("rejects %s with 400 INVALID_ORDER naming the field", async (_label, body, field) => {
      const res = await postOrder(body, { token: await erp.token() });
      expect(res.status).toBe(400);
      const { error } = (await res.json()) as ErrorJson;
      expect(error.code).toBe("INVALID_ORDER");
      expect(error.message).toContain(field);
    });

    it("accepts quantity 1 and 999 and a customerReference of 64 characters", async () => {
      const token = await erp.token();
      expect((await postOrder({ ...ORDER, quantity: 1 }, { token, key: "a" })).status).toBe(201);
      expect((await postOrder({ ...ORDER, quantity: 999 }, { token, key: "b" })).status).toBe(201);
      const longRef = { ...ORDER, customerReference: "r".repeat(64) };
      expect((await postOrder(longRef, { token, key: "c" })).status).toBe(201);
    });

    it("rejects an empty body and malformed JSON with 400", async () => {
      const token = await erp.token();
      const empty = await postOrder(undefined, { token, raw: "" });
      expect(empty.status).toBe(400);
      expect(await errorCode(empty)).toBe("INVALID_ORDER");
      const malformed = await postOrder(undefined, { token, raw: '{"sku":' });
      expect(malformed.status).toBe(400);
      expect(await errorCode(malformed)).toBe("INVALID_JSON");
    });

    it("rejects an SKU outside the catalogue with 422 UNKNOWN_SKU", async () => {
      const res = await postOrder({ ...ORDER, sku: "WD-NOPE-1" }, { token: await erp.token() });
      expect(res.status).toBe(422);
      expect(await errorCode(res)).toBe("UNKNOWN_SKU");
    });

    it("stores nothing for rejected bodies, so the key stays usable", async () => {
      const token = await erp.token();
      await postOrder({ ...ORDER, quantity: 0 }, { token });
      await postOrder({ ...ORDER, sku: "WD-NOPE-1" }, { token });
      const res = await postOrder(ORDER, { token });
      expect(res.status).toBe(201);
      expect(res.headers.get("idempotent-replayed")).toBeNull();
      expect(await erp.stats()).toMatchObject({ ordersCreated: 1, idempotentReplays: 0 });
    });
  });

  describe("faults", () => {
    it("a status fault answers before the handler: nothing is created, the retry creates one order", async () => {
      const token = await erp.token();
      await erp.addFault({ route: "POST /orders", mode: "status", status: 500, count: 1 });
      const faulted = await postOrder(ORDER, { token });
      expect(faulted.status).toBe(500);
      expect(await errorCode(faulted)).toBe("INJECTED_FAULT");
      expect(await adminOrders()).toEqual([]);
      expect((await erp.stats()).ordersCreated).toBe(0);

      const retry = await postOrder(ORDER, { token });
      expect(retry.status).toBe(201);
      expect(retry.headers.get("idempotent-replayed")).toBeNull();
      expect(((await retry.json()) as OrderJson).orderNumber).toBe("SO-100001");
      const again = await postOrder(ORDER, { token });
      expect(again.headers.get("idempotent-replayed")).toBe("true");
      expect(await erp.stats()).toMatchObject({
        requests: { "POST /orders": 3 },
        ordersCreated: 1,
        idempotentReplays: 1,
      });
      expect(await adminOrders()).toHaveLength(1);
    });

    it("a reset fault drops the connection and creates nothing", async () => {
      const token = await erp.token();
      await erp.addFault({ route: "POST /orders", mode: "reset", count: 1 });
      await expect(postOrder(ORDER, { token })).rejects.toThrow();
      expect(await adminOrders()).toEqual([]);
      expect((await postOrder(ORDER, { token })).status).toBe(201);
      expect((await erp.stats()).ordersCreated).toBe(1);
    });

    it("honours ?latency", async () => {
      const token = await erp.token();
      const started = performance.now();
      const res = await erp.fetch("/orders?latency=150", {
        method: "POST",
        headers: { authorization: `Bearer ${token}`, "idempotency-key": "slow" },
        body: JSON.stringify(ORDER),
      });
      expect(res.status).toBe(201);
      expect(performance.now() - started).toBeGreaterThanOrEqual(140);
    });
  });
});

describe("GET /orders/:number/status", () => {
  async function createOrder(): Promise<OrderJson> {
    const res = await postOrder(ORDER, { token: await erp.token(), key: `key-${Math.random()}` });
    expect(res.status).toBe(201);
    return (await res.json()) as OrderJson;
  }

  const getStatus = (number: string, headers: Record<string, string> = withKey): Promise<Response> =>
    erp.fetch(`/orders/${number}/status`, { headers });

  it("moves through received, confirmed, shipped and delivered with the clock", async () => {
    const { orderNumber } = await createOrder();
    const at = (ms: number): string => new Date(START.getTime() + ms).toISOString();
    const steps: Array<[number, string, string]> = [
      [0, "received", at(0)],
      [4_999, "received", at(0)],
      [5_000, "confirmed", at(5_000)],
      [29_999, "confirmed", at(5_000)],
      [30_000, "shipped", at(30_000)],
      [119_999, "shipped", at(30_000)],
      [120_000, "delivered", at(120_000)],
      [86_400_000, "delivered", at(120_000)],
    ];
    for (const [elapsed, status, updatedAt] of steps) {
      erp.clock.now = new Date(START.getTime() + elapsed);
      const res = await getStatus(orderNumber);
      expect(res.status).toBe(200);
      expect(await res.json()).toEqual({ orderNumber, status, updatedAt });
    }
  });

  it("accepts a bearer token or the API key", async () => {
    const { orderNumber } = await createOrder();
    const token = await erp.token();
    expect((await getStatus(orderNumber, { authorization: `Bearer ${token}` })).status).toBe(200);
    expect((await getStatus(orderNumber, { "x-api-key": API_KEY })).status).toBe(200);
    // Either credential is enough, even when the other one is wrong.
    expect((await getStatus(orderNumber, { ...withKey, authorization: "Bearer made-up" })).status).toBe(200);
    expect(
      (await getStatus(orderNumber, { "x-api-key": "nope", authorization: `Bearer ${token}` })).status,
    ).toBe(200);
  });

  it("answers 401 without valid credentials", async () => {
    const { orderNumber } = await createOrder();
    const none = await getStatus(orderNumber, {});
    expect(none.status).toBe(401);
    expect(await errorCode(none)).toBe("UNAUTHORIZED");
    const wrongKey = await getStatus(orderNumber, { "x-api-key": "nope" });
    expect(wrongKey.status).toBe(401);
    const badToken = await getStatus(orderNumber, { authorization: "Bearer made-up" });
    expect(badToken.status).toBe(401);
    expect(badToken.headers.get("www-authenticate")).toBe("Bearer");
    expect(await errorCode(badToken)).toBe("INVALID_TOKEN");
    const token = await erp.token();
    erp.advance(60_000);
    const expired = await getStatus(orderNumber, { authorization: `Bearer ${token}` });
    expect(await errorCode(expired)).toBe("INVALID_TOKEN");
  });

  it.each(["SO-12345", "SO-1234567", "so-100001", "100001", "SO-10000A"])(
    "rejects order number %s with 400 INVALID_ORDER_NUMBER",
    async (number) => {
      const res = await getStatus(number);
      expect(res.status).toBe(400);
      expect(await errorCode(res)).toBe("INVALID_ORDER_NUMBER");
    },
  );

  it("answers 404 ORDER_NOT_FOUND for an unknown order", async () => {
    const res = await getStatus("SO-999999");
    expect(res.status).toBe(404);
    expect(await errorCode(res)).toBe("ORDER_NOT_FOUND");
  });

  it("uses the orderProgressMs option and rejects invalid thresholds", async () => {
    expect(() => createErpServer({ log: false, orderProgressMs: [3, 2, 1] })).toThrow(RangeError);
    expect(() => createErpServer({ log: false, orderProgressMs: [-1, 2, 3] })).toThrow(RangeError);
    expect(() => createErpServer({ log: false, orderProgressMs: [0.5, 2, 3] })).toThrow(RangeError);

    let now = START;
    const fast = createErpServer({
      defaultLatencyMs: 0,
      log: false,
      apiKey: API_KEY,
      now: () => now,
      orderProgressMs: [0, 0, 1000],
    });
    const { url } = await fast.listen(0, "127.0.0.1");
    try {
      const token = fast.tokens.issue(60);
      await fetch(`${url}/orders`, {
        method: "POST",
        headers: { authorization: `Bearer ${token}`, "idempotency-key": "k" },
        body: JSON.stringify(ORDER),
      });
      const read = async (): Promise<unknown> =>
        (await fetch(`${url}/orders/SO-100001/status`, { headers: withKey })).json();
      expect(await read()).toMatchObject({ status: "shipped", updatedAt: START.toISOString() });
      now = new Date(START.getTime() + 1000);
      expect(await read()).toMatchObject({ status: "delivered" });
    } finally {
      await fast.close();
    }
  });
});

describe("admin orders, stats and reset", () => {
  it("GET /__admin/orders lists orders with their current status", async () => {
    const token = await erp.token();
    await postOrder(ORDER, { token, key: "first" });
    erp.advance(6_000);
    expect(await adminOrders()).toEqual([
      {
        orderNumber: "SO-100001",
        status: "confirmed",
        sku: "WD-DRILL-18V",
        quantity: 2,
        customerReference: "PO-4711",
        idempotencyKey: "first",
        createdAt: START.toISOString(),
        updatedAt: new Date(START.getTime() + 5_000).toISOString(),
      },
    ]);
  });

  it("reset forgets orders, stored answers and the number sequence", async () => {
    const token = await erp.token();
    await postOrder(ORDER, { token });
    await postOrder(ORDER, { token });
    expect(await erp.stats()).toMatchObject({ ordersCreated: 1, idempotentReplays: 1 });

    await erp.admin("POST", "/__admin/reset");
    expect(await adminOrders()).toEqual([]);
    expect(await erp.stats()).toEqual({ requests: {}, ordersCreated: 0, idempotentReplays: 0 });
    expect((await erp.fetch("/orders/SO-100001/status", { headers: withKey })).status).toBe(404);

    // The same key with a different body now creates a new order, numbered from the start again.
    const fresh = await postOrder({ ...ORDER, quantity: 5 }, { token: await erp.token() });
    expect(fresh.status).toBe(201);
    expect(fresh.headers.get("idempotent-replayed")).toBeNull();
    expect(((await fresh.json()) as OrderJson).orderNumber).toBe("SO-100001");
  });

  it("counts the order routes under their own keys", async () => {
    const token = await erp.token();
    await postOrder(ORDER, { token });
    await erp.fetch("/orders/SO-100001/status", { headers: withKey });
    await erp.fetch("/orders/SO-1/status", { headers: withKey });
    expect((await erp.stats()).requests).toEqual({
      "POST /oauth/token": 1,
      "POST /orders": 1,
      "GET /orders/:number/status": 2,
    });
  });

  it("routes a wrong method to 405", async () => {
    const res = await erp.fetch("/orders", { headers: withKey });
    expect(res.status).toBe(405);
    expect(res.headers.get("allow")).toBe("POST");
  });
});
