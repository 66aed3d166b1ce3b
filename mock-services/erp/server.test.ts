import { afterAll, beforeAll, beforeEach, describe, expect, it } from "vitest";
import { delay } from "./http-io";
import { createErpServer } from "./server";
import type { ErpServer } from "./server";

const API_KEY = "test-api-key";
const CLIENT = { id: "test-client", secret: "test-secret" };

/** Mutable clock shared with the server under test. */
const clock = { now: new Date("2026-01-15T12:00:00Z") };

let erp: ErpServer;
let base: string;

beforeAll(async () => {
  erp = createErpServer({
    defaultLatencyMs: 0,
    log: false,
    apiKey: API_KEY,
    clientId: CLIENT.id,
    clientSecret: CLIENT.secret,
    tokenTtlSeconds: 60,
    now: () => clock.now,
  });
  base = (await erp.listen(0, "127.0.0.1")).url;
});

afterAll(async () => {
  await erp.close();
});

beforeEach(async () => {
  clock.now = new Date("2026-01-15T12:00:00Z");
  await admin("POST", "/__admin/reset");
});

const withKey = { "x-api-key": API_KEY };

function erpGet(path: string, init: RequestInit = {}): Promise<Response> {
  return fetch(`${base}${path}`, {
    ...init,
    headers: { ...withKey, ...(init.headers as Record<string, string> | undefined) },
  });
}

async function admin(method: string, path: string, body?: unknown): Promise<Response> {
  return fetch(`${base}${path}`, {
    method,
    ...(body !== undefined && {
      headers: { "content-type": "application/json" },
      body: JSON.stringify(body),
    }),
  });
}

async function addFault(fault: Record<string, unknown>): Promise<string> {
  const res = await admin("POST", "/__admin/faults", fault);
  expect(res.status).toBe(201);
  const { id } = (await res.json()) as { id: string };
  return id;
}

async function errorCode(res: Response): Promise<string> {
  const body = (await res.json()) as { error: { code: string; message: string } };
  return body.error.code;
}

async function stats(): Promise<{
  requests: Record<string, number>;
  ordersCreated: number;
  idempotentReplays: number;
}> {
  return (await (await admin("GET", "/__admin/stats")).json()) as Awaited<ReturnType<typeof stats>>;
}

async function timed<T>(action: () => Promise<T>): Promise<{ result: T; ms: number }> {
  const started = performance.now();
  const result = await action();
  return { result, ms: performance.now() - started };
}

describe("health", () => {
  it("answers ok without an API key", async () => {
    const res = await fetch(`${base}/health`);
    expect(res.status).toBe(200);
    expect(await res.json()).toEqual({ status: "ok" });
  });
});

describe("GET /warranty/:serial", () => {
  it("reports an active warranty", async () => {
    const res = await erpGet("/warranty/SN-1003-C");
    expect(res.status).toBe(200);
    expect(await res.json()).toEqual({
      serial: "SN-1003-C",
      sku: "WD-GRIND-125",
      status: "active",
      startDate: "2025-01-31",
      endDate: "2028-01-31",
    });
  });

  it("reports an expired warranty", async () => {
    const res = await erpGet("/warranty/SN-1002-B");
    expect(await res.json()).toMatchObject({ serial: "SN-1002-B", status: "expired", endDate: "2024-03-15" });
  });

  it("treats the end date as inclusive, using the injected clock", async () => {
    clock.now = new Date("2025-09-30T23:59:59Z");
    expect(await (await erpGet("/warranty/SN-1004-D")).json()).toMatchObject({ status: "active" });
    clock.now = new Date("2025-10-01T00:00:00Z");
    expect(await (await erpGet("/warranty/SN-1004-D")).json()).toMatchObject({ status: "expired" });
  });

  it("answers 404 for an unknown serial and for a product without warranty", async () => {
    const unknown = await erpGet("/warranty/SN-5555-X");
    expect(unknown.status).toBe(404);
    expect(await errorCode(unknown)).toBe("WARRANTY_NOT_FOUND");
    const noWarranty = await erpGet("/warranty/SN-9999-Z");
    expect(noWarranty.status).toBe(404);
    expect(await noWarranty.json()).toEqual({
      error: { code: "WARRANTY_NOT_FOUND", message: "No warranty is registered for serial SN-9999-Z." },
    });
  });

  it.each(["sn-1001-a", "AB", "-SN-1001", "SN_1001", "X".repeat(41)])(
    "rejects serial %s with 400",
    async (serial) => {
      const res = await erpGet(`/warranty/${encodeURIComponent(serial)}`);
      expect(res.status).toBe(400);
      expect(await errorCode(res)).toBe("INVALID_SERIAL");
    },
  );
});

describe("GET /products/:sku", () => {
  it("returns the product with its list price", async () => {
    const res = await erpGet("/products/WD-PLANE-82");
    expect(res.status).toBe(200);
    expect(await res.json()).toEqual({
      sku: "WD-PLANE-82",
      name: "Electric Planer 82mm",
      listPrice: { amount: 119, currency: "EUR" },
    });
  });

  it("answers 404 PRODUCT_NOT_FOUND and 400 INVALID_SKU", async () => {
    const missing = await erpGet("/products/WD-NOPE-1");
    expect(missing.status).toBe(404);
    expect(await errorCode(missing)).toBe("PRODUCT_NOT_FOUND");
    const invalid = await erpGet("/products/wd-drill-18v");
    expect(invalid.status).toBe(400);
    expect(await errorCode(invalid)).toBe("INVALID_SKU");
  });
});

describe("API key", () => {
  it.each([
    ["missing", {}],
    ["wrong", { "x-api-key": "nope" }],
  ])("rejects a %s key with 401", async (_label, headers) => {
    for (const path of ["/warranty/SN-1001-A", "/products/WD-DRILL-18V"]) {
      const res = await fetch(`${base}${path}`, { headers });
      expect(res.status).toBe(401);
      expect(await res.json()).toEqual({
        error: { code: "UNAUTHORIZED", message: "Missing or wrong API key." },
      });
    }
  });
});

describe("POST /oauth/token", () => {
  const tokenRequest = (init: RequestInit): Promise<Response> =>
    fetch(`${base}/oauth/token`, { method: "POST", ...init });

  it("issues a token for a form-encoded request", async () => {
    const res = await tokenRequest({
      body: new URLSearchParams({
        grant_type: "client_credentials",
        client_id: CLIENT.id,
        client_secret: CLIENT.secret,
      }),
    });
    expect(res.status).toBe(200);
    const body = (await res.json()) as { access_token: string; token_type: string; expires_in: number };
    expect(body).toMatchObject({ token_type: "Bearer", expires_in: 60 });
    expect(body.access_token.length).toBeGreaterThan(20);
    expect(erp.tokens.isValid(body.access_token)).toBe(true);
    expect(erp.tokens.isValid("made-up")).toBe(false);
    clock.now = new Date(clock.now.getTime() + 61_000);
    expect(erp.tokens.isValid(body.access_token)).toBe(false);
  });

  it("issues a token for a JSON request and for HTTP Basic client auth", async () => {
    const json = await tokenRequest({
      headers: { "content-type": "application/json" },
      body: JSON.stringify({
        grant_type: "client_credentials",
        client_id: CLIENT.id,
        client_secret: CLIENT.secret,
      }),
    });
    expect(json.status).toBe(200);
    const basic = await tokenRequest({
      headers: { authorization: `Basic ${Buffer.from(`${CLIENT.id}:${CLIENT.secret}`).toString("base64")}` },
      body: new URLSearchParams({ grant_type: "client_credentials" }),
    });
    expect(basic.status).toBe(200);
  });

  it("rejects a bad client with 401 invalid_client", async () => {
    const res = await tokenRequest({
      body: new URLSearchParams({
        grant_type: "client_credentials",
        client_id: CLIENT.id,
        client_secret: "wrong",
      }),
    });
    expect(res.status).toBe(401);
    expect(await errorCode(res)).toBe("invalid_client");
  });

  it("rejects another grant type with 400 unsupported_grant_type", async () => {
    const res = await tokenRequest({
      body: new URLSearchParams({
        grant_type: "password",
        client_id: CLIENT.id,
        client_secret: CLIENT.secret,
      }),
    });
    expect(res.status).toBe(400);
    expect(await errorCode(res)).toBe("unsupported_grant_type");
  });

  it("rejects malformed JSON with 400 INVALID_JSON", async () => {
    const res = await tokenRequest({
      headers: { "content-type": "application/json" },
      body: '{"grant_type":',
    });
    expect(res.status).toBe(400);
    expect(await errorCode(res)).toBe("INVALID_JSON");
  });

  it("rejects bodies over 1 MB with 413", async () => {
    const res = await tokenRequest({
      headers: { "content-type": "application/json" },
      body: "x".repeat(1024 * 1024 + 1),
    });
    expect(res.status).toBe(413);
    expect(await errorCode(res)).toBe("PAYLOAD_TOO_LARGE");
  });
});

describe("routing", () => {
  it("answers 404 NOT_FOUND for an unknown route and 405 for a wrong method", async () => {
    const unknown = await erpGet("/nope");
    expect(unknown.status).toBe(404);
    expect(await errorCode(unknown)).toBe("NOT_FOUND");
    const wrongMethod = await erpGet("/warranty/SN-1001-A", { method: "DELETE" });
    expect(wrongMethod.status).toBe(405);
    expect(wrongMethod.headers.get("allow")).toBe("GET");
    expect(await errorCode(wrongMethod)).toBe("METHOD_NOT_ALLOWED");
  });
});

describe("?latency", () => {
  it("replaces the default latency", async () => {
    const { result, ms } = await timed(() => erpGet("/products/WD-DRILL-18V?latency=200"));
    expect(result.status).toBe(200);
    expect(ms).toBeGreaterThanOrEqual(190);
  });

  it.each(["abc", "-1", "1.5", "130001", ""])(
    "rejects latency=%s with 400 naming the value",
    async (value) => {
      const res = await erpGet(`/products/WD-DRILL-18V?latency=${value}`);
      expect(res.status).toBe(400);
      const body = (await res.json()) as { error: { code: string; message: string } };
      expect(body.error.code).toBe("INVALID_LATENCY");
      expect(body.error.message).toContain(`"${value}"`);
    },
  );

  it("delay() clears its timer and resolves false when aborted", async () => {
    const aborter = new AbortController();
    setTimeout(() => aborter.abort(), 20);
    const { result, ms } = await timed(() => delay(60_000, aborter.signal));
    expect(result).toBe(false);
    expect(ms).toBeLessThan(1000);
  });
});

describe("faults", () => {
  it("status: answers 503 for count requests, then serves normally again", async () => {
    await addFault({ route: "GET /warranty/:serial", mode: "status", status: 503, count: 1 });
    const faulted = await erpGet("/warranty/SN-1001-A");
    expect(faulted.status).toBe(503);
    expect(await faulted.json()).toEqual({
      error: { code: "INJECTED_FAULT", message: "Injected fault: HTTP 503" },
    });
    expect((await erpGet("/warranty/SN-1001-A")).status).toBe(200);
    expect(await (await admin("GET", "/__admin/faults")).json()).toEqual({ faults: [] });
  });

  it("status: defaults to 500 and only hits the targeted route", async () => {
    await addFault({ route: "GET /products/:sku", mode: "status" });
    expect((await erpGet("/products/WD-DRILL-18V")).status).toBe(500);
    expect((await erpGet("/warranty/SN-1001-A")).status).toBe(200);
  });

  it("hang: never answers, so the client times out", async () => {
    await addFault({ route: "*", mode: "hang", count: 1 });
    const error = await erpGet("/warranty/SN-1001-A", { signal: AbortSignal.timeout(300) }).catch(
      (e: unknown) => e,
    );
    expect(error).toBeInstanceOf(Error);
    expect(["TimeoutError", "AbortError"]).toContain((error as Error).name);
    expect((await erpGet("/warranty/SN-1001-A")).status).toBe(200);
  });

  it("reset: drops the connection without an answer", async () => {
    await addFault({ route: "GET /warranty/:serial", mode: "reset", count: 1 });
    await expect(erpGet("/warranty/SN-1001-A")).rejects.toThrow();
    expect((await erpGet("/warranty/SN-1001-A")).status).toBe(200);
  });

  it("oversize: answers 200 with valid JSON larger than 1.5 MB", async () => {
    await addFault({ route: "GET /products/:sku", mode: "oversize" });
    const res = await erpGet("/products/WD-DRILL-18V");
    expect(res.status).toBe(200);
    const text = await res.text();
    expect(Buffer.byteLength(text)).toBeGreaterThan(1.5 * 1024 * 1024);
    expect(() => JSON.parse(text) as unknown).not.toThrow();
  });

  it("malformed: answers 200 application/json that does not parse", async () => {
    await addFault({ route: "GET /products/:sku", mode: "malformed" });
    const res = await erpGet("/products/WD-DRILL-18V");
    expect(res.status).toBe(200);
    expect(res.headers.get("content-type")).toContain("application/json");
    const text = await res.text();
    expect(() => JSON.parse(text) as unknown).toThrow();
  });

  it("latency: delays the answer, which is then served normally", async () => {
    await addFault({ route: "GET /warranty/:serial", mode: "latency", latencyMs: 250 });
    const { result, ms } = await timed(() => erpGet("/warranty/SN-1001-A?latency=0"));
    expect(result.status).toBe(200);
    expect(ms).toBeGreaterThanOrEqual(240);
  });

  it("latency combines with an answer fault; the first answer fault wins and only it counts down", async () => {
    await addFault({ route: "*", mode: "latency", latencyMs: 150, count: 1 });
    await addFault({ route: "*", mode: "status", status: 502, count: 1 });
    await addFault({ route: "*", mode: "status", status: 504, count: 1 });
    const first = await timed(() => erpGet("/products/WD-DRILL-18V"));
    expect(first.result.status).toBe(502);
    expect(first.ms).toBeGreaterThanOrEqual(140);
    const second = await timed(() => erpGet("/products/WD-DRILL-18V"));
    expect(second.result.status).toBe(504);
    expect((await erpGet("/products/WD-DRILL-18V")).status).toBe(200);
  });

  it("rate 0 never applies and rate 1 always applies", async () => {
    const id = await addFault({ route: "GET /products/:sku", mode: "status", status: 503, rate: 0 });
    for (let i = 0; i < 10; i++) expect((await erpGet("/products/WD-DRILL-18V")).status).toBe(200);
    await admin("DELETE", "/__admin/faults");
    await addFault({ route: "GET /products/:sku", mode: "status", status: 503, rate: 1 });
    for (let i = 0; i < 10; i++) expect((await erpGet("/products/WD-DRILL-18V")).status).toBe(503);
    expect(id).toBeTypeOf("string");
  });

  it("rate uses the injected random source", async () => {
    const rolls = [0.1, 0.9, 0.49, 0.5];
    const seeded = createErpServer({
      defaultLatencyMs: 0,
      log: false,
      apiKey: API_KEY,
      random: () => rolls.shift() ?? 1,
    });
    const { url } = await seeded.listen(0, "127.0.0.1");
    try {
      await fetch(`${url}/__admin/faults`, {
        method: "POST",
        headers: { "content-type": "application/json" },
        body: JSON.stringify({ route: "*", mode: "status", status: 503, rate: 0.5 }),
      });
      const statuses: number[] = [];
      for (let i = 0; i < 4; i++)
        statuses.push((await fetch(`${url}/products/WD-DRILL-18V`, { headers: withKey })).status);
      expect(statuses).toEqual([503, 200, 503, 200]);
    } finally {
      await seeded.close();
    }
  });

  it("lists faults and clears them all", async () => {
    const id = await addFault({ route: "*", mode: "status", status: 503, count: 3, rate: 1 });
    await addFault({ route: "POST /oauth/token", mode: "hang" });
    const listed = (await (await admin("GET", "/__admin/faults")).json()) as {
      faults: Array<Record<string, unknown>>;
    };
    expect(listed.faults).toHaveLength(2);
    expect(listed.faults[0]).toMatchObject({
      id,
      route: "*",
      mode: "status",
      status: 503,
      count: 3,
      rate: 1,
    });
    const cleared = await admin("DELETE", "/__admin/faults");
    expect(await cleared.json()).toEqual({ cleared: 2 });
    expect(await (await admin("GET", "/__admin/faults")).json()).toEqual({ faults: [] });
  });

  it("never applies to health or admin routes", async () => {
    await addFault({ route: "*", mode: "reset" });
    expect((await fetch(`${base}/health`)).status).toBe(200);
    expect((await admin("GET", "/__admin/stats")).status).toBe(200);
  });
});

describe("fault validation", () => {
  const rejects = async (body: unknown, fragment: string): Promise<void> => {
    const res = await admin("POST", "/__admin/faults", body);
    expect(res.status).toBe(400);
    const { error } = (await res.json()) as { error: { code: string; message: string } };
    expect(error.code).toBe("INVALID_FAULT");
    expect(error.message).toContain(fragment);
  };

  it("rejects an unknown route, listing the known keys", async () => {
    await rejects({ route: "GET /nope", mode: "hang" }, "GET /warranty/:serial");
  });

  it("rejects invalid mode, latency, status, count and rate", async () => {
    await rejects({ route: "*", mode: "explode" }, "mode must be one of");
    await rejects({ route: "*", mode: "latency" }, "latencyMs is required");
    await rejects({ route: "*", mode: "latency", latencyMs: 130_001 }, "latencyMs must be");
    await rejects({ route: "*", mode: "status", status: 600 }, "status must be");
    await rejects({ route: "*", mode: "status", status: 99 }, "status must be");
    await rejects({ route: "*", mode: "hang", count: 0 }, "count must be a positive integer");
    await rejects({ route: "*", mode: "hang", count: 1.5 }, "count must be a positive integer");
    await rejects({ route: "*", mode: "hang", rate: 1.1 }, "rate must be");
    await rejects({ route: "*", mode: "hang", surprise: true }, "surprise");
  });

  it("rejects a body that is not a JSON object", async () => {
    await rejects([1, 2], "JSON object");
    const res = await fetch(`${base}/__admin/faults`, {
      method: "POST",
      headers: { "content-type": "application/json" },
      body: "{nope",
    });
    expect(res.status).toBe(400);
    expect(await errorCode(res)).toBe("INVALID_JSON");
  });
});

describe("stats and reset", () => {
  it("counts requests per route key, including errors and faults, but not health or admin", async () => {
    await erpGet("/warranty/SN-1001-A");
    await erpGet("/warranty/nope");
    await fetch(`${base}/warranty/SN-1001-A`); // 401
    await erpGet("/products/WD-DRILL-18V?latency=bad");
    await addFault({ route: "GET /products/:sku", mode: "status", status: 503, count: 1 });
    await erpGet("/products/WD-DRILL-18V");
    await fetch(`${base}/health`);
    await erpGet("/nope");
    expect(await stats()).toEqual({
      requests: { "GET /warranty/:serial": 3, "GET /products/:sku": 2 },
      ordersCreated: 0,
      idempotentReplays: 0,
    });
  });

  it("reset forgets tokens, faults and counts", async () => {
    const tokenRes = await fetch(`${base}/oauth/token`, {
      method: "POST",
      body: new URLSearchParams({
        grant_type: "client_credentials",
        client_id: CLIENT.id,
        client_secret: CLIENT.secret,
      }),
    });
    const { access_token: token } = (await tokenRes.json()) as { access_token: string };
    await addFault({ route: "*", mode: "hang" });
    expect(erp.tokens.isValid(token)).toBe(true);

    const res = await admin("POST", "/__admin/reset");
    expect(await res.json()).toEqual({ ok: true });
    expect(erp.tokens.isValid(token)).toBe(false);
    expect(await (await admin("GET", "/__admin/faults")).json()).toEqual({ faults: [] });
    expect((await stats()).requests).toEqual({});
  });
});

describe("close()", () => {
  it("returns promptly even with a hanging request open", async () => {
    const server = createErpServer({ defaultLatencyMs: 0, log: false, apiKey: API_KEY });
    const { url } = await server.listen(0, "127.0.0.1");
    await fetch(`${url}/__admin/faults`, {
      method: "POST",
      headers: { "content-type": "application/json" },
      body: JSON.stringify({ route: "*", mode: "hang" }),
    });
    const hanging = fetch(`${url}/warranty/SN-1001-A`, { headers: withKey }).then(
      () => "answered",
      () => "rejected",
    );
    // Wait until the server has actually received the request.
    for (let i = 0; i < 50; i++) {
      const counted = (await (await fetch(`${url}/__admin/stats`)).json()) as {
        requests: Record<string, number>;
      };
      if (counted.requests["GET /warranty/:serial"] === 1) break;
      await new Promise((resolve) => setTimeout(resolve, 10));
    }
    const { ms } = await timed(() => server.close());
    expect(ms).toBeLessThan(1000);
    expect(await hanging).toBe("rejected");
  });

  it("also stops a request waiting out a long latency", async () => {
    const server = createErpServer({ log: false, apiKey: API_KEY });
    const { url } = await server.listen(0, "127.0.0.1");
    const waiting = fetch(`${url}/warranty/SN-1001-A?latency=120000`, { headers: withKey }).then(
      () => "answered",
      () => "rejected",
    );
    await new Promise((resolve) => setTimeout(resolve, 100));
    const { ms } = await timed(() => server.close());
    expect(ms).toBeLessThan(1000);
    expect(await waiting).toBe("rejected");
  });
});
