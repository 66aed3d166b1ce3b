import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { z } from "zod";
import type { Db, DbTransaction } from "@/lib/db";
import { startTestServer } from "@/lib/testing/http-server";
import { createTestDb } from "@/lib/testing/test-db";
import { continuation, defineCallback, type HttpRequest } from "./define/continuation";
import { createRuntime, type Runtime } from "./engine/runtime";
import { ContinuationFailure, InvalidRequestError } from "./errors";
import type { ContinuationStore } from "./store/store";

// A request's own retry policy (`HttpRequest.retry`): validated at start, persisted with its
// callout, used by the sender, and kept by a retry of the chain.
let db: Db;
let store: ContinuationStore<DbTransaction>;
let cleanupDb: () => Promise<void>;
let erp: Awaited<ReturnType<typeof startTestServer>>;
let runtime: Runtime;
const OWNER = "agent-retry-policy";
/** Per path, how many 503s the server answers before a 200. */
const failuresLeft = new Map<string, number>();

const answered = defineCallback({
  name: "policy.answered",
  labels: ["only"],
  state: z.object({ path: z.string() }),
  async run({ responses }) {
    if (responses.only.statusCode !== 200) throw new ContinuationFailure("UNAVAILABLE", "503");
    return responses.only.statusCode;
  },
});

beforeAll(async () => {
  ({ db, store, cleanup: cleanupDb } = await createTestDb());
  erp = await startTestServer((req, res) => {
    const path = new URL(req.url ?? "/", "http://x").pathname;
    const left = failuresLeft.get(path) ?? 0;
    failuresLeft.set(path, left - 1);
    res.writeHead(left > 0 ? 503 : 200).end();
  });
  runtime = createRuntime({
    store,
    callbacks: [answered],
    credentials: [{ name: "ERP", baseUrl: erp.url, allowPrivateNetwork: true, headers: () => ({}) }],
  });
});

afterAll(async () => {
  await runtime.close();
  await erp.close();
  await cleanupDb();
});

const request = (path: string, extra: Partial<HttpRequest> = {}): HttpRequest => ({
  url: `callout:ERP${path}`,
  retryOn: [503],
  ...extra,
});
const lookup = (path: string, extra: Partial<HttpRequest> = {}) =>
  continuation({ callback: answered, state: { path }, requests: { only: request(path, extra) } });
const sent = (path: string) => erp.requests.filter((r) => r.url === path).length;

async function run(path: string, extra: Partial<HttpRequest> = {}) {
  const { id } = await runtime.start(lookup(path, extra), { ownerId: OWNER });
  return runtime.waitUntilFinished(id, OWNER, 15_000);
}

describe("a request's own retry policy", () => {
  it("gives it more attempts than the runtime's default of 4", async () => {
    failuresLeft.set("/patient", 5);
    const view = await run("/patient", { retry: { attempts: 6, baseMs: 0, maxMs: 10 } });
    expect(view).toMatchObject({ status: "completed", result: 200 });
    expect(sent("/patient")).toBe(6);

    failuresLeft.set("/default", 5);
    expect((await run("/default")).status).toBe("failed");
    expect(sent("/default")).toBe(4);
  });

  it("can also allow fewer (one attempt: no retry)", async () => {
    failuresLeft.set("/once", 1);
    expect((await run("/once", { retry: { attempts: 1, baseMs: 0, maxMs: 0 } })).status).toBe("failed");
    expect(sent("/once")).toBe(1);
  });

  it("is persisted with its callout and kept by a retry of the chain", async () => {
    failuresLeft.set("/kept", 3);
    const retry = { attempts: 2, baseMs: 0, maxMs: 20 };
    const failed = await run("/kept", { retry });
    expect(failed.status).toBe("failed");
    const row = await db.callout.findFirstOrThrow({ where: { continuationId: failed.id } });
    expect(JSON.parse(row.retryPolicy!)).toEqual(retry);

    const again = await runtime.retry(failed.id, OWNER);
    const view = await runtime.waitUntilFinished(again!.id, OWNER, 15_000);
    expect(view).toMatchObject({ status: "completed", result: 200 });
    expect((await store.findCallouts(again!.id, 0))[0]!.retry).toEqual(retry);
    expect(sent("/kept")).toBe(4);
  });

  it.each([
    [{ attempts: 11, baseMs: 0, maxMs: 0 }, /retry policy: attempts .*10/],
    [{ attempts: 0, baseMs: 0, maxMs: 0 }, /retry policy: attempts /],
    [{ attempts: 3, baseMs: 500, maxMs: 100 }, /baseMs must not be greater than maxMs/],
    [{ attempts: 3, baseMs: 0, maxMs: 60_001 }, /retry policy: maxMs /],
    [{ attempts: 3, baseMs: 0, maxMs: 10, marginMs: 5 }, /retry policy: .*marginMs/],
  ])(
    "is refused at start when it breaks the limits (%o), and nothing is persisted",
    async (retry, message) => {
      const before = await db.continuation.count();
      const start = runtime.start(lookup("/refused", { retry: retry as HttpRequest["retry"] }), {
        ownerId: OWNER,
      });
      await expect(start).rejects.toThrow(InvalidRequestError);
      await expect(start).rejects.toThrow(message);
      expect(await db.continuation.count()).toBe(before);
    },
  );
});
