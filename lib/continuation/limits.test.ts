import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { z } from "zod";
import type { Db, DbTransaction } from "@/lib/db";
import type { ContinuationStore } from "./store/store";
import { startTestServer } from "@/lib/testing/http-server";
import { createTestDb } from "@/lib/testing/test-db";
import { continuation, defineCallback, type Continuation } from "./define/continuation";
import {
  ContinuationError,
  FormTooManyKeysError,
  InvalidTimeoutError,
  RequestBodyTooLargeError,
  StateTooLargeError,
  TooManyRequestsError,
} from "./errors";
import { DEFAULT_LIMITS, resolveLimits, type Limits } from "./limits";
import { createRuntime, type Runtime, type RuntimeOptions } from "./engine/runtime";
import { CalloutStatus } from "./status-codes";

let db: Db;
let store: ContinuationStore<DbTransaction>;
let cleanupDb: () => Promise<void>;
let erp: Awaited<ReturnType<typeof startTestServer>>;
let runtime: Runtime;
const extraRuntimes: Runtime[] = [];
const OWNER = "agent-1";
const KB = 1024;
const MB = 1024 * 1024;

const single = defineCallback({
  name: "limits.single",
  labels: ["only"],
  state: z.object({ note: z.string() }),
  async run({ responses }) {
    const r = responses.only;
    return { statusCode: r.statusCode, bytes: r.body?.length ?? null, errorMessage: r.errorMessage };
  },
});

const pair = defineCallback({
  name: "limits.pair",
  labels: ["a", "b"],
  state: z.null(),
  async run({ responses }) {
    return [responses.a.statusCode, responses.b.statusCode];
  },
});

const trio = defineCallback({
  name: "limits.trio",
  labels: ["a", "b", "c"],
  state: z.null(),
  async run({ responses }) {
    return [responses.a.statusCode, responses.b.statusCode, responses.c.statusCode];
  },
});

const callbacks = [single, pair, trio];

beforeAll(async () => {
  ({ db, store, cleanup: cleanupDb } = await createTestDb());
  erp = await startTestServer((req, res, body) => {
    const url = new URL(req.url ?? "/", "http://x");
    if (url.pathname === "/big") {
      res
        .writeHead(200, { "content-type": "text/plain" })
        .end("x".repeat(Number(url.searchParams.get("bytes"))));
      return;
    }
    // Answers with the size of what it received, so a test can tell the whole body arrived.
    res.writeHead(200, { "content-type": "text/plain" }).end(String(Buffer.byteLength(body)));
  });
  runtime = createRuntime(options());
});

afterAll(async () => {
  for (const extra of extraRuntimes) await extra.close();
  await runtime.close();
  await erp.close();
  await cleanupDb();
});

function options(limits?: Partial<Limits>): RuntimeOptions {
  return {
    store,
    callbacks,
    credentials: [{ name: "ERP", baseUrl: erp.url, headers: () => ({ "x-api-key": "k" }) }],
    limits,
  };
}

function runtimeWith(limits: Partial<Limits>): Runtime {
  const created = createRuntime(options(limits));
  extraRuntimes.push(created);
  return created;
}

const one = (
  request: { url?: string; method?: "POST"; body?: string; headers?: Record<string, string> } = {},
) =>
  continuation({
    callback: single,
    state: { note: "n" },
    requests: { only: { url: "callout:ERP/echo", ...request } },
  });

/** A continuation whose state serializes to exactly `bytes` bytes of UTF-8 (ASCII `fill` by default). */
function withStateBytes(bytes: number, fill = "x") {
  const overhead = Buffer.byteLength(JSON.stringify({ note: "" }));
  const unit = Buffer.byteLength(fill);
  const note = fill.repeat(Math.floor((bytes - overhead) / unit)) + "y".repeat((bytes - overhead) % unit);
  expect(Buffer.byteLength(JSON.stringify({ note }))).toBe(bytes);
  return continuation({ callback: single, state: { note }, requests: { only: { url: "callout:ERP/echo" } } });
}

const timed = (timeoutSeconds: number | undefined) =>
  continuation({
    callback: single,
    state: { note: "n" },
    requests: { only: { url: "callout:ERP/echo" } },
    timeoutSeconds,
  });

const form = (keys: number, contentType = "application/x-www-form-urlencoded") =>
  one({
    method: "POST",
    headers: { "Content-Type": contentType },
    body: Array.from({ length: keys }, (_, i) => `k${i}=v${i}`).join("&"),
  });

const three = () =>
  continuation({
    callback: trio,
    state: null,
    requests: { a: { url: "callout:ERP/a" }, b: { url: "callout:ERP/b" }, c: { url: "callout:ERP/c" } },
  });

/** A 4th request: the type checker forbids it, so spread a valid continuation and add one. */
function four(): Continuation {
  const valid = three();
  return { ...valid, requests: [...valid.requests, { label: "d", url: "callout:ERP/d" }] };
}

async function rows() {
  return { continuations: await db.continuation.count(), callouts: await db.callout.count() };
}

/** Starts `c` expecting a refusal; checks that nothing was persisted and returns the error. */
async function refused(c: Continuation, on: Runtime = runtime): Promise<Error & Record<string, unknown>> {
  const before = await rows();
  let thrown: unknown;
  try {
    await on.start(c, { ownerId: OWNER });
  } catch (error) {
    thrown = error;
  }
  expect(thrown, "the start should have been refused").toBeInstanceOf(Error);
  expect(await rows()).toEqual(before);
  return thrown as Error & Record<string, unknown>;
}

async function run(c: Continuation, on: Runtime = runtime) {
  const { id } = await on.start(c, { ownerId: OWNER });
  return on.waitUntilFinished(id, OWNER, 15_000);
}

describe("maxParallelRequests", () => {
  it("accepts 3 requests", async () => {
    const view = await run(three());
    expect(view).toMatchObject({ status: "completed", result: [200, 200, 200] });
  });

  it("refuses 4 with TooManyRequestsError, naming the limit and the count", async () => {
    const error = await refused(four());
    expect(error).toBeInstanceOf(TooManyRequestsError);
    expect(error).toMatchObject({
      code: "TOO_MANY_REQUESTS",
      limit: "maxParallelRequests",
      value: 4,
      maximum: 3,
    });
    expect(error.message).toMatch(/at most 3 requests; this one has 4/);
  });
});

describe("maxStateBytes (80 KB)", () => {
  it("accepts state of exactly 81920 bytes", async () => {
    const view = await run(withStateBytes(80 * KB));
    expect(view.status).toBe("completed");
    expect(view.summary?.stateBytes).toBe(81920);
  });

  it("refuses 81921 bytes with StateTooLargeError", async () => {
    const error = await refused(withStateBytes(80 * KB + 1));
    expect(error).toBeInstanceOf(StateTooLargeError);
    expect(error).toMatchObject({
      code: "STATE_TOO_LARGE",
      limit: "maxStateBytes",
      value: 81921,
      maximum: 81920,
    });
    expect(error.message).toMatch(/81921 bytes.*limit is 81920 bytes/);
  });

  it("counts UTF-8 bytes, not characters", async () => {
    const error = await refused(withStateBytes(80 * KB + 1, "é"));
    expect(error).toMatchObject({ code: "STATE_TOO_LARGE", value: 81921 });
    expect((await run(withStateBytes(80 * KB, "é"))).status).toBe("completed");
  });
});

describe("timeoutSeconds", () => {
  it("accepts 1 and 120", async () => {
    for (const seconds of [1, 120]) {
      const view = await run(timed(seconds));
      expect(view.status).toBe("completed");
      const row = await db.continuation.findUniqueOrThrow({ where: { id: view.id } });
      expect(row.timeoutSeconds).toBe(seconds);
    }
  });

  it.each([0, 121, 1.5])("refuses %s with InvalidTimeoutError", async (seconds) => {
    const error = await refused(timed(seconds));
    expect(error).toBeInstanceOf(InvalidTimeoutError);
    expect(error).toMatchObject({ code: "INVALID_TIMEOUT", limit: "timeoutSeconds", value: seconds });
    expect(error.message).toContain(`from 1 to 120; got ${seconds}`);
  });

  it("defaults to 30 s when omitted", async () => {
    const view = await run(timed(undefined));
    const row = await db.continuation.findUniqueOrThrow({ where: { id: view.id } });
    expect(row.timeoutSeconds).toBe(30);
    const spanMs = Date.parse(view.deadlineAt) - Date.parse(view.createdAt);
    expect(spanMs).toBeGreaterThan(29_000);
    expect(spanMs).toBeLessThanOrEqual(30_500);
  });
});

describe("maxRequestBodyBytes (1 MB)", () => {
  it("accepts a body of exactly 1048576 bytes and sends all of it", async () => {
    const view = await run(one({ method: "POST", body: "x".repeat(MB) }));
    expect(view.status).toBe("completed");
    const row = await db.callout.findFirstOrThrow({ where: { continuationId: view.id } });
    expect(row.requestBytes).toBe(MB);
    expect(view.summary?.callouts[0]?.requestBytes).toBe(MB);
    expect(erp.requests.some((r) => r.method === "POST" && r.body.length === MB)).toBe(true);
  });

  it("refuses 1048577 bytes with RequestBodyTooLargeError", async () => {
    const error = await refused(one({ method: "POST", body: "x".repeat(MB + 1) }));
    expect(error).toBeInstanceOf(RequestBodyTooLargeError);
    expect(error).toMatchObject({
      code: "REQUEST_BODY_TOO_LARGE",
      limit: "maxRequestBodyBytes",
      value: MB + 1,
      maximum: MB,
    });
    expect(error.message).toMatch(/"only" is 1048577 bytes; the limit is 1048576 bytes/);
  });

  it("counts the body's UTF-8 bytes", async () => {
    const error = await refused(one({ method: "POST", body: "é".repeat(MB / 2) + "x" }));
    expect(error).toMatchObject({ code: "REQUEST_BODY_TOO_LARGE", value: MB + 1 });
  });
});

describe("maxFormKeys (500)", () => {
  it("accepts a form body with 500 keys", async () => {
    const view = await run(form(500));
    expect(view.status).toBe("completed");
  });

  it("refuses 501 keys with FormTooManyKeysError", async () => {
    const error = await refused(form(501));
    expect(error).toBeInstanceOf(FormTooManyKeysError);
    expect(error).toMatchObject({
      code: "FORM_TOO_MANY_KEYS",
      limit: "maxFormKeys",
      value: 501,
      maximum: 500,
    });
    expect(error.message).toMatch(/"only" has 501 keys; the limit is 500/);
  });

  it("recognizes the form content type with a charset, whatever the header's case", async () => {
    const error = await refused(form(501, "Application/X-WWW-Form-Urlencoded; charset=utf-8"));
    expect(error).toMatchObject({ code: "FORM_TOO_MANY_KEYS" });
  });

  it("does not count keys of a body that is not form-encoded", async () => {
    const view = await run(form(501, "text/plain"));
    expect(view.status).toBe("completed");
  });
});

describe("maxResponseBytes (1 MB)", () => {
  it("passes a response of exactly 1048576 bytes", async () => {
    const view = await run(one({ url: `callout:ERP/big?bytes=${MB}` }));
    expect(view.result).toMatchObject({ statusCode: 200, bytes: MB });
    expect(view.summary?.callouts[0]).toMatchObject({ statusCode: 200, responseBytes: MB });
  });

  it("turns 1048577 bytes into status 2004", async () => {
    const view = await run(one({ url: `callout:ERP/big?bytes=${MB + 1}` }));
    expect(view.result).toMatchObject({ statusCode: CalloutStatus.RESPONSE_TOO_LARGE, bytes: null });
    expect((view.result as { errorMessage: string }).errorMessage).toContain("1048576");
  });
});

describe("limit overrides", () => {
  it("enforces the numbers a runtime was created with", async () => {
    const small = runtimeWith({ maxParallelRequests: 2, maxStateBytes: 100 });
    expect(small.limits).toEqual({ ...DEFAULT_LIMITS, maxParallelRequests: 2, maxStateBytes: 100 });

    const tooMany = await refused(three(), small);
    expect(tooMany).toBeInstanceOf(TooManyRequestsError);
    expect(tooMany).toMatchObject({ value: 3, maximum: 2 });
    expect(tooMany.message).toMatch(/at most 2 requests; this one has 3/);
    const two = continuation({
      callback: pair,
      state: null,
      requests: { a: { url: "callout:ERP/a" }, b: { url: "callout:ERP/b" } },
    });
    expect((await run(two, small)).result).toEqual([200, 200]);

    const bigState = await refused(withStateBytes(101), small);
    expect(bigState).toBeInstanceOf(StateTooLargeError);
    expect(bigState).toMatchObject({ value: 101, maximum: 100 });
    expect(bigState.message).toMatch(/101 bytes.*limit is 100 bytes/);
    expect((await run(withStateBytes(100), small)).status).toBe("completed");

    // The default runtime still takes 3 requests and 80 KB.
    expect((await run(three())).status).toBe("completed");
  });

  it("applies every other override too", async () => {
    const tight = runtimeWith({
      maxResponseBytes: 10,
      maxRequestBodyBytes: 50,
      maxFormKeys: 2,
      minTimeoutSeconds: 2,
      defaultTimeoutSeconds: 3,
      maxTimeoutSeconds: 4,
    });
    expect((await refused(one({ method: "POST", body: "x".repeat(51) }), tight)).code).toBe(
      "REQUEST_BODY_TOO_LARGE",
    );
    expect((await refused(form(3), tight)).code).toBe("FORM_TOO_MANY_KEYS");
    const badTimeout = await refused(timed(1), tight);
    expect(badTimeout.message).toContain("from 2 to 4; got 1");
    expect((await refused(timed(5), tight)).code).toBe("INVALID_TIMEOUT");

    const big = await run(one({ url: "callout:ERP/big?bytes=11" }), tight);
    expect(big.result).toMatchObject({ statusCode: CalloutStatus.RESPONSE_TOO_LARGE });
    const fits = await run(one({ url: "callout:ERP/big?bytes=10" }), tight);
    expect(fits.result).toMatchObject({ statusCode: 200, bytes: 10 });
    const row = await db.continuation.findUniqueOrThrow({ where: { id: fits.id } });
    expect(row.timeoutSeconds).toBe(3);
  });
});

describe("resolveLimits", () => {
  const invalid = (overrides: unknown) => {
    try {
      resolveLimits(overrides as Partial<Limits>);
    } catch (error) {
      expect(error).toBeInstanceOf(ContinuationError);
      expect(error).toMatchObject({ code: "INVALID_LIMITS" });
      return (error as Error).message;
    }
    throw new Error("expected INVALID_LIMITS");
  };

  it("returns the defaults, with overrides applied", () => {
    expect(resolveLimits()).toEqual(DEFAULT_LIMITS);
    expect(DEFAULT_LIMITS).toEqual({
      maxParallelRequests: 3,
      maxChainLength: 3,
      minTimeoutSeconds: 1,
      maxTimeoutSeconds: 120,
      defaultTimeoutSeconds: 30,
      maxStateBytes: 80 * KB,
      maxResponseBytes: MB,
      maxRequestBodyBytes: MB,
      maxFormKeys: 500,
    });
    expect(resolveLimits({ maxChainLength: 5 })).toEqual({ ...DEFAULT_LIMITS, maxChainLength: 5 });
  });

  it("refuses unknown keys", () => {
    expect(invalid({ maxFoo: 1 })).toContain("maxFoo");
  });

  it("refuses values that are not positive whole numbers", () => {
    expect(invalid({ maxStateBytes: 0 })).toContain("maxStateBytes");
    expect(invalid({ maxFormKeys: 1.5 })).toContain("maxFormKeys");
    expect(invalid({ maxChainLength: -1 })).toContain("maxChainLength");
    expect(invalid({ maxResponseBytes: "1" })).toContain("maxResponseBytes");
  });

  it("refuses timeouts that are not min <= default <= max", () => {
    expect(invalid({ minTimeoutSeconds: 31 })).toMatch(/minTimeoutSeconds <= defaultTimeoutSeconds/);
    expect(invalid({ defaultTimeoutSeconds: 121 })).toMatch(/got 1, 121, 120/);
    expect(invalid({ maxTimeoutSeconds: 29 })).toMatch(/got 1, 30, 29/);
    expect(resolveLimits({ minTimeoutSeconds: 30, maxTimeoutSeconds: 30 })).toMatchObject({
      minTimeoutSeconds: 30,
      defaultTimeoutSeconds: 30,
      maxTimeoutSeconds: 30,
    });
  });

  it("makes createRuntime refuse invalid limits", () => {
    let thrown: unknown;
    try {
      createRuntime(options({ maxTimeoutSeconds: 10 }));
    } catch (error) {
      thrown = error;
    }
    expect(thrown).toBeInstanceOf(ContinuationError);
    expect(thrown).toMatchObject({ code: "INVALID_LIMITS" });
  });
});
