import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { z } from "zod";
import type { Db } from "@/lib/db";
import { startTestServer } from "@/lib/testing/http-server";
import { createTestDb } from "@/lib/testing/test-db";
import { createContinuationAction } from "./actions/action";
import { continuation, defineCallback } from "./define/continuation";
import { ContinuationFailure } from "./errors";
import { createRuntime, type Runtime } from "./engine/runtime";

const echoed = defineCallback({
  name: "test.echoed",
  labels: ["echo"],
  state: z.object({ word: z.string() }),
  async run({ state, responses }) {
    return { word: state.word, body: responses.echo.body };
  },
});

const InputSchema = z.object({ word: z.string().min(2, "is too short") });

let runtime: Runtime;
let db: Db;
let cleanup: () => Promise<void>;
let server: Awaited<ReturnType<typeof startTestServer>>;
let owner: string | null = "agent-1";

beforeAll(async () => {
  const testDb = await createTestDb();
  cleanup = testDb.cleanup;
  db = testDb.db;
  server = await startTestServer((_req, res) => setTimeout(() => res.end("slow answer"), 800));
  runtime = createRuntime({
    store: testDb.store,
    callbacks: [echoed],
    credentials: [{ name: "ERP", baseUrl: server.url, headers: () => ({}) }],
  });
});

afterAll(async () => {
  await runtime.close();
  await server.close();
  await cleanup();
});

const continuationAction = createContinuationAction({
  runtime: () => runtime,
  resolveOwner: async () => owner,
  db: () => db,
});

const echo = continuationAction(InputSchema, (input) => {
  if (input.word === "boom") throw new Error("database on fire");
  if (input.word === "nope") throw new ContinuationFailure("PRODUCT_NOT_FOUND", "No such product.");
  return continuation({
    callback: echoed,
    state: { word: input.word },
    requests: { echo: { url: `callout:ERP/echo` } },
    timeoutSeconds: input.word === "forever" ? 500 : undefined,
  });
});

describe("a continuation action", () => {
  it("returns a ticket before the ERP has answered", async () => {
    owner = "agent-1";
    const result = await echo({ word: "hello" });
    expect(result.ok).toBe(true);
    if (!result.ok) return;
    // The ERP takes 800 ms; the action has already returned with the continuation still pending.
    expect((await runtime.view(result.data.id, "agent-1"))?.status).toBe("pending");
    const done = await runtime.waitUntilFinished(result.data.id, "agent-1");
    expect(done).toMatchObject({ status: "completed", result: { word: "hello", body: "slow answer" } });
  });

  it("names the invalid field", async () => {
    owner = "agent-1";
    expect(await echo({ word: "x" })).toEqual({
      ok: false,
      error: {
        code: "INVALID_INPUT",
        message: "Invalid input: word is too short.",
        fieldErrors: { word: ["is too short"] },
      },
    });
  });

  it("refuses a caller who is not signed in", async () => {
    owner = null;
    expect(await echo({ word: "hello" })).toMatchObject({ ok: false, error: { code: "UNAUTHENTICATED" } });
  });

  it("passes expected failures and limit errors through with their code", async () => {
    owner = "agent-1";
    expect(await echo({ word: "nope" })).toEqual({
      ok: false,
      error: { code: "PRODUCT_NOT_FOUND", message: "No such product." },
    });
    expect(await echo({ word: "forever" })).toMatchObject({
      ok: false,
      error: { code: "INVALID_TIMEOUT", message: expect.stringMatching(/from 1 to 120; got 500/) },
    });
  });

  it("hides unexpected errors behind a generic message", async () => {
    owner = "agent-1";
    const result = await echo({ word: "boom" });
    expect(result).toMatchObject({ ok: false, error: { code: "INTERNAL" } });
    expect(JSON.stringify(result)).not.toContain("database on fire");
  });
});

describe("a continuation action filed under a subject", () => {
  const lookup = continuationAction(
    InputSchema,
    (input) =>
      continuation({
        callback: echoed,
        state: { word: input.word },
        requests: { echo: { url: "callout:ERP/echo" } },
      }),
    { subject: (input) => `word:${input.word}`, reusePending: true },
  );

  it("answers a repeat while pending with the same ticket, and starts anew once it has finished", async () => {
    owner = "agent-2";
    const first = await lookup({ word: "repeat" });
    const second = await lookup({ word: "repeat" });
    expect(first.ok && second.ok).toBe(true);
    if (!first.ok || !second.ok) return;
    expect(second.data.id).toBe(first.data.id);
    await runtime.waitUntilFinished(first.data.id, "agent-2");
    const third = await lookup({ word: "repeat" });
    expect(third.ok && third.data.id).not.toBe(first.data.id);
  });
});
