import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { z } from "zod";
import type { Db, DbTransaction } from "@/lib/db";
import type { ContinuationStore } from "./store/store";
import { createTestDb } from "@/lib/testing/test-db";
import { startTestServer } from "@/lib/testing/http-server";
import { continuation, defineCallback } from "./define/continuation";
import {
  ContinuationFailure,
  EndpointNotAllowedError,
  InvalidTimeoutError,
  StateTooLargeError,
  TooManyRequestsError,
} from "./errors";
import { createRuntime, type Runtime } from "./engine/runtime";
import { CalloutStatus } from "./status-codes";

let db: Db;
let store: ContinuationStore<DbTransaction>;
let cleanupDb: () => Promise<void>;
let erp: Awaited<ReturnType<typeof startTestServer>>;
let runtime: Runtime;
const OWNER = "agent-1";

const summarize = defineCallback({
  name: "test.summarize",
  labels: ["one", "two", "three"],
  state: z.object({ note: z.string() }),
  async run({ state, responses }) {
    return {
      note: state.note,
      one: responses.one.body,
      two: responses.two.body,
      three: responses.three.body,
    };
  },
});

const single = defineCallback({
  name: "test.single",
  labels: ["only"],
  state: z.object({ note: z.string() }),
  async run({ responses }) {
    const r = responses.only;
    return {
      statusCode: r.statusCode,
      errorMessage: r.errorMessage,
      bytes: r.body?.length ?? null,
      body: r.body,
    };
  },
});

const writesThenThrows = defineCallback({
  name: "test.writes-then-throws",
  labels: ["only"],
  state: z.object({ username: z.string() }),
  async run({ state, tx }) {
    await tx.agent.create({ data: { username: state.username, displayName: "Temp", passwordHash: "x" } });
    throw new ContinuationFailure("ERP_REFUSED", "The ERP refused the lookup.");
  },
});

const writesAndCompletes = defineCallback({
  name: "test.writes-and-completes",
  labels: ["only"],
  state: z.object({ username: z.string() }),
  async run({ state, tx }) {
    await tx.agent.create({ data: { username: state.username, displayName: "Kept", passwordHash: "x" } });
    return "written";
  },
});

const MB = 1024 * 1024;
const waiting: (() => void)[] = [];

beforeAll(async () => {
  ({ db, store, cleanup: cleanupDb } = await createTestDb());
  erp = await startTestServer((req, res) => {
    const url = new URL(req.url ?? "/", "http://x");
    const delay = Number(url.searchParams.get("delay") ?? 0);
    if (url.pathname.startsWith("/together/")) {
      // Answers nobody until all three have arrived: only requests sent in parallel can pass.
      waiting.push(() => res.end(url.pathname.slice("/together".length)));
      if (waiting.length === 3) for (const answer of waiting.splice(0)) answer();
      return;
    }
    setTimeout(() => {
      if (url.pathname === "/hang") return; // never answers
      if (url.pathname === "/reset") return req.socket.destroy();
      if (url.pathname === "/big") {
        const size = Number(url.searchParams.get("bytes"));
        res.writeHead(200, { "content-type": "text/plain" }).end("x".repeat(size));
        return;
      }
      res.writeHead(200, { "content-type": "text/plain" }).end(`${url.pathname}`);
    }, delay);
  });
  runtime = createRuntime({
    store,
    callbacks: [summarize, single, writesThenThrows, writesAndCompletes],
    credentials: [{ name: "ERP", baseUrl: erp.url, headers: () => ({ "x-api-key": "top-secret-key" }) }],
    allowedOrigins: ["http://127.0.0.1:9"],
  });
});

afterAll(async () => {
  await runtime.close();
  await erp.close();
  await cleanupDb();
});

const one = (url: string, timeoutSeconds?: number) =>
  continuation({ callback: single, state: { note: "n" }, requests: { only: { url } }, timeoutSeconds });

async function run(c: ReturnType<typeof one>) {
  const { id } = await runtime.start(c, { ownerId: OWNER });
  return runtime.waitUntilFinished(id, OWNER, 15_000);
}

describe("a continuation's callouts", () => {
  it("are sent in parallel and answered to the callback by label", async () => {
    const { id } = await runtime.start(
      continuation({
        callback: summarize,
        state: { note: "parallel" },
        requests: {
          one: { url: "callout:ERP/together/a" },
          two: { url: "callout:ERP/together/b" },
          three: { url: "callout:ERP/together/c" },
        },
      }),
      { ownerId: OWNER },
    );
    const view = await runtime.waitUntilFinished(id, OWNER);
    expect(view.status).toBe("completed");
    expect(view.result).toEqual({ note: "parallel", one: "/a", two: "/b", three: "/c" });
  });

  it("carry the credential's secret and an idempotency key, which are never persisted", async () => {
    const view = await run(one("callout:ERP/secret-check"));
    expect(view.status).toBe("completed");
    const sent = erp.requests.find((r) => r.url === "/secret-check");
    expect(sent?.headers["x-api-key"]).toBe("top-secret-key");
    expect(sent?.headers["idempotency-key"]).toBe(`${view.id}.0.only`);
    const rows = await db.callout.findMany({ where: { continuationId: view.id } });
    expect(JSON.stringify(rows)).not.toContain("top-secret-key");
    expect(rows[0]?.url).toBe("callout:ERP/secret-check");
  });

  it("time out with 2000 when no answer comes before the deadline", async () => {
    const view = await run(one("callout:ERP/hang", 1));
    expect(view.result).toMatchObject({ statusCode: CalloutStatus.TIMEOUT, body: null });
  });

  it("report 2001 when the connection fails", async () => {
    const refused = await run(one("http://127.0.0.1:9/nothing-listens"));
    expect(refused.result).toMatchObject({ statusCode: CalloutStatus.CONNECTION_FAILED });
    const reset = await run(one("callout:ERP/reset"));
    expect(reset.result).toMatchObject({ statusCode: CalloutStatus.CONNECTION_FAILED });
  });

  it("report 2002 when the request cannot be sent", async () => {
    const view = await run(
      continuation({
        callback: single,
        state: { note: "n" },
        requests: { only: { url: "callout:ERP/x", headers: { "x-bad": "line\nbreak" } } },
      }),
    );
    expect(view.result).toMatchObject({ statusCode: CalloutStatus.EXCEPTION });
  });

  it("report 2004 for a response over 1 MB, and pass one of exactly 1 MB", async () => {
    const over = await run(one(`callout:ERP/big?bytes=${MB + 1}`));
    expect(over.result).toMatchObject({ statusCode: CalloutStatus.RESPONSE_TOO_LARGE, body: null });
    const limit = await run(one(`callout:ERP/big?bytes=${MB}`));
    expect(limit.result).toMatchObject({ statusCode: 200, bytes: MB });
  });
});

describe("starting a continuation", () => {
  it("refuses a 4th request", async () => {
    const c = one("callout:ERP/x");
    const four = { ...c, requests: ["a", "b", "c", "d"].map((label) => ({ label, url: "callout:ERP/x" })) };
    await expect(runtime.start(four, { ownerId: OWNER })).rejects.toBeInstanceOf(TooManyRequestsError);
    await expect(runtime.start(four, { ownerId: OWNER })).rejects.toThrow(
      /at most 3 requests; this one has 4/,
    );
  });

  it("refuses state over 80 KB and accepts it at 80 KB", async () => {
    const overhead = JSON.stringify({ note: "" }).length;
    const at = (bytes: number) =>
      continuation({
        callback: single,
        state: { note: "x".repeat(bytes - overhead) },
        requests: { only: { url: "callout:ERP/x" } },
      });
    await expect(runtime.start(at(80 * 1024 + 1), { ownerId: OWNER })).rejects.toBeInstanceOf(
      StateTooLargeError,
    );
    await expect(runtime.start(at(80 * 1024), { ownerId: OWNER })).resolves.toHaveProperty("id");
  });

  it("holds the deadline to 1-120 whole seconds", async () => {
    for (const bad of [0, 121, 1.5, -3]) {
      await expect(runtime.start(one("callout:ERP/x", bad), { ownerId: OWNER })).rejects.toBeInstanceOf(
        InvalidTimeoutError,
      );
    }
    for (const good of [1, 120]) {
      await expect(runtime.start(one("callout:ERP/x", good), { ownerId: OWNER })).resolves.toHaveProperty(
        "id",
      );
    }
  });

  it("refuses an endpoint that is not allow-listed before anything is persisted", async () => {
    const before = await db.continuation.count();
    await expect(runtime.start(one("http://example.com/steal"), { ownerId: OWNER })).rejects.toBeInstanceOf(
      EndpointNotAllowedError,
    );
    await expect(runtime.start(one("callout:NOPE/x"), { ownerId: OWNER })).rejects.toBeInstanceOf(
      EndpointNotAllowedError,
    );
    expect(await db.continuation.count()).toBe(before);
  });

  it("gives random, non-sequential ids and shows a continuation only to its owner", async () => {
    const a = await run(one("callout:ERP/x"));
    const b = await run(one("callout:ERP/y"));
    for (const id of [a.id, b.id])
      expect(id).toMatch(/^[0-9a-f]{8}-[0-9a-f]{4}-4[0-9a-f]{3}-[89ab][0-9a-f]{3}-[0-9a-f]{12}$/);
    expect(await runtime.view(a.id, "someone-else")).toBeNull();
    expect(await runtime.view(a.id, OWNER)).toMatchObject({ id: a.id, status: "completed" });
  });
});

describe("a callback", () => {
  it("commits its writes together with the completion", async () => {
    const { id } = await runtime.start(
      continuation({
        callback: writesAndCompletes,
        state: { username: "kept-user" },
        requests: { only: { url: "callout:ERP/x" } },
      }),
      { ownerId: OWNER },
    );
    const view = await runtime.waitUntilFinished(id, OWNER);
    expect(view).toMatchObject({ status: "completed", result: "written" });
    expect(await db.agent.count({ where: { username: "kept-user" } })).toBe(1);
  });

  it("has its writes rolled back when it throws, and the chain fails with its message", async () => {
    const { id } = await runtime.start(
      continuation({
        callback: writesThenThrows,
        state: { username: "ghost" },
        requests: { only: { url: "callout:ERP/x" } },
      }),
      { ownerId: OWNER },
    );
    const view = await runtime.waitUntilFinished(id, OWNER);
    expect(view).toMatchObject({
      status: "failed",
      error: { code: "ERP_REFUSED", message: "The ERP refused the lookup." },
    });
    expect(await db.agent.count({ where: { username: "ghost" } })).toBe(0);
  });
});
