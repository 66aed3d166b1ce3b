import net from "node:net";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { z } from "zod";
import type { DbTransaction } from "@/lib/db";
import type { ContinuationStore } from "./store/store";
import { startTestServer } from "@/lib/testing/http-server";
import { createTestDb } from "@/lib/testing/test-db";
import { continuation, defineCallback, type Continuation, type HttpRequest } from "./define/continuation";
import { createRuntime, type Runtime, type RuntimeOptions } from "./engine/runtime";
import { CalloutStatus, isRuntimeStatus } from "./status-codes";

let store: ContinuationStore<DbTransaction>;
let cleanupDb: () => Promise<void>;
let erp: Awaited<ReturnType<typeof startTestServer>>;
let runtime: Runtime;
let closedPort: number;
const OWNER = "agent-1";
const MB = 1024 * 1024;

/** Resolved when the server has received a request for a path (for holds that never answer). */
const arrivals = new Map<string, () => void>();
const arrived = (path: string) => new Promise<void>((resolve) => arrivals.set(path, resolve));

const single = defineCallback({
  name: "codes.single",
  labels: ["only"],
  state: z.object({ note: z.string() }),
  async run({ responses }) {
    const r = responses.only;
    return {
      statusCode: r.statusCode,
      ok: r.ok,
      body: r.body,
      errorMessage: r.errorMessage,
      location: r.headers.location ?? null,
    };
  },
});

const asksForNope = defineCallback({
  name: "codes.asks-for-nope",
  labels: ["first", "second"],
  state: z.null(),
  async run({ response }) {
    return response("nope").statusCode;
  },
});

beforeAll(async () => {
  ({ store, cleanup: cleanupDb } = await createTestDb());
  // A port that was just free: nothing listens there any more.
  closedPort = await new Promise<number>((resolve) => {
    const probe = net.createServer();
    probe.listen(0, "127.0.0.1", () => {
      const { port } = probe.address() as net.AddressInfo;
      probe.close(() => resolve(port));
    });
  });
  erp = await startTestServer((req, res) => {
    const url = new URL(req.url ?? "/", "http://x");
    arrivals.get(url.pathname)?.();
    const status = /^\/status\/(\d{3})$/.exec(url.pathname);
    if (status) {
      res.writeHead(Number(status[1]), { "content-type": "text/plain" }).end(`answer ${status[1]}`);
      return;
    }
    switch (url.pathname) {
      case "/hang":
      case "/held":
        return; // never answers
      case "/reset":
        return req.socket.destroy();
      case "/big":
        res.writeHead(200).end("x".repeat(Number(url.searchParams.get("bytes"))));
        return;
      case "/declares-huge":
        // Declares 50 MB and sends a little: the runtime must not wait for (or read) the rest.
        res.writeHead(200, { "content-length": String(50 * MB) });
        res.write("x".repeat(100));
        return;
      case "/redirect":
        res.writeHead(302, { location: `${erp.url}/elsewhere` }).end("moved");
        return;
      default:
        res.writeHead(200).end("ok");
    }
  });
  runtime = createRuntime(options());
});

afterAll(async () => {
  await runtime.close();
  await erp.close();
  await cleanupDb();
});

function options(credentials: string[] = ["ERP"]): RuntimeOptions {
  return {
    store,
    callbacks: [single, asksForNope],
    credentials: credentials.map((name) => ({
      name,
      baseUrl: erp.url,
      headers: () => ({ "x-api-key": "k" }),
    })),
    allowedOrigins: [`http://127.0.0.1:${closedPort}`],
  };
}

const one = (request: HttpRequest, timeoutSeconds?: number) =>
  continuation({ callback: single, state: { note: "n" }, requests: { only: request }, timeoutSeconds });

type Seen = { statusCode: number; ok: boolean; body: string | null; errorMessage: string | null };

async function run(c: Continuation, on: Runtime = runtime) {
  const { id } = await on.start(c, { ownerId: OWNER });
  const view = await on.waitUntilFinished(id, OWNER, 15_000);
  expect(view.status).toBe("completed");
  return { view, seen: view.result as Seen };
}

/** What every 2000-2004 code looks like to the callback. */
function expectRuntimeStatus(seen: Seen, code: number, message: RegExp) {
  expect(isRuntimeStatus(code)).toBe(true);
  expect(seen).toMatchObject({ statusCode: code, ok: false, body: null });
  expect(seen.errorMessage).toMatch(message);
}

describe("2000: timeout", () => {
  it("comes when the server never answers before the deadline", async () => {
    const started = Date.now();
    const { view, seen } = await run(one({ url: "callout:ERP/hang" }, 1));
    expectRuntimeStatus(seen, CalloutStatus.TIMEOUT, /1 s deadline/);
    expect(Date.now() - started).toBeGreaterThanOrEqual(900);
    expect(view.callouts).toEqual([{ label: "only", state: "done", statusCode: 2000 }]);
  });
});

describe("2001: connection failed", () => {
  it("comes when the connection is refused", async () => {
    const { seen } = await run(one({ url: `http://127.0.0.1:${closedPort}/nothing` }));
    expectRuntimeStatus(seen, CalloutStatus.CONNECTION_FAILED, /ECONNREFUSED/);
  });

  it("comes when the server destroys the socket before answering", async () => {
    const { seen } = await run(one({ url: "callout:ERP/reset" }));
    expectRuntimeStatus(seen, CalloutStatus.CONNECTION_FAILED, /Connection failed/);
  });
});

describe("2002: exception", () => {
  it("comes when a header cannot be sent", async () => {
    const { seen } = await run(one({ url: "callout:ERP/x", headers: { "x-bad": "line\nbreak" } }));
    expectRuntimeStatus(seen, CalloutStatus.EXCEPTION, /could not be sent/);
  });

  it("comes when the named credential is gone by the time the callout is sent", async () => {
    // Started by a runtime that knows LEGACY; picked up after a restart by one that does not.
    const before = createRuntime(options(["ERP", "LEGACY"]));
    const held = arrived("/held");
    const { id } = await before.start(one({ url: "callout:LEGACY/held" }), { ownerId: OWNER });
    await held;
    await before.close();

    const after = createRuntime(options(["ERP"]));
    try {
      expect(await after.resumePending()).toBe(1);
      const view = await after.waitUntilFinished(id, OWNER, 15_000);
      expectRuntimeStatus(view.result as Seen, CalloutStatus.EXCEPTION, /no named credential "LEGACY"/);
      expect(erp.requests.filter((r) => r.url === "/held")).toHaveLength(1);
    } finally {
      await after.close();
    }
  });
});

describe("2004: response too large", () => {
  it("comes for a body over the cap", async () => {
    const { view, seen } = await run(one({ url: `callout:ERP/big?bytes=${MB + 1}` }));
    expectRuntimeStatus(seen, CalloutStatus.RESPONSE_TOO_LARGE, /limit of 1048576 bytes/);
    expect(view.summary?.callouts[0]).toMatchObject({ statusCode: 2004, responseBytes: null });
  });

  it("comes at once for a server that declares a huge content-length", async () => {
    const { seen } = await run(one({ url: "callout:ERP/declares-huge" }, 5));
    expectRuntimeStatus(seen, CalloutStatus.RESPONSE_TOO_LARGE, /52428800 bytes; the limit is 1048576/);
  });
});

describe("real HTTP statuses", () => {
  it.each([404, 500])("pass %i through with its body", async (code) => {
    const { seen } = await run(one({ url: `callout:ERP/status/${code}` }));
    expect(seen).toEqual({
      statusCode: code,
      ok: false,
      body: `answer ${code}`,
      errorMessage: null,
      location: null,
    });
  });

  it("pass a 302 to an allow-listed place through as 302, without following it", async () => {
    const { seen } = await run(one({ url: "callout:ERP/redirect" }));
    expect(seen).toEqual({
      statusCode: 302,
      ok: false,
      body: "moved",
      errorMessage: null,
      location: `${erp.url}/elsewhere`,
    });
    expect(erp.requests.some((r) => r.url === "/elsewhere")).toBe(false);
  });

  it("pass 200 through as ok", async () => {
    const { seen } = await run(one({ url: "callout:ERP/fine" }));
    expect(seen).toMatchObject({ statusCode: 200, ok: true, body: "ok", errorMessage: null });
  });
});

describe("a callback asking for a label not in its step", () => {
  it("fails the chain with UNKNOWN_LABEL, listing the step's labels", async () => {
    const { id } = await runtime.start(
      continuation({
        callback: asksForNope,
        state: null,
        requests: { first: { url: "callout:ERP/a" }, second: { url: "callout:ERP/b" } },
      }),
      { ownerId: OWNER },
    );
    const view = await runtime.waitUntilFinished(id, OWNER);
    expect(view).toMatchObject({ status: "failed", result: null, error: { code: "UNKNOWN_LABEL" } });
    const message = view.error?.message ?? "";
    expect(message).toContain('"nope"');
    expect(message).toContain("first");
    expect(message).toContain("second");
    expect(message).not.toContain("undefined");
  });
});
