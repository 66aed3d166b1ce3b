import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { createTestDb } from "@/lib/testing/test-db";
import { createLabRunStore } from "./lab-run-store";
import type { LabMode, LabRunView } from "./lab-types";

let testDb: Awaited<ReturnType<typeof createTestDb>>;
beforeAll(async () => {
  testDb = await createTestDb();
});
afterAll(() => testDb.cleanup());

function finishedRun(mode: LabMode, id: string, succeeded: number): LabRunView {
  return {
    id,
    input: { mode, agents: 50, erpLatencyMs: 6_000, durationSeconds: 30 },
    status: "finished",
    error: null,
    startedAt: "2026-12-05T06:00:00.000Z",
    finishedAt: "2026-12-05T06:00:37.000Z",
    elapsedMs: 37_000,
    progress: 1,
    totals: { clicks: succeeded + 3, succeeded, refused: 3, failed: 0, inFlight: 0 },
    latency: { p50: 6_010, p95: 6_100, p99: 6_200, max: 6_300 },
    histogram: [{ fromMs: 6_000, toMs: 6_500, count: succeeded }],
    timeline: [{ second: 0, succeeded: 0, refused: 3, failed: 0, inFlightSync: 10, suspended: 0 }],
    messages: [{ outcome: "refused", message: "Unable to process request.", count: 3 }],
    breakers: [
      {
        credential: "ERP_LAB",
        state: "open",
        consecutiveFailures: 5,
        threshold: 5,
        openedAt: "2026-12-05T06:00:10.000Z",
        probeAt: "2026-12-05T06:00:40.000Z",
      },
    ],
  };
}

describe("the lab's run store", () => {
  it("keeps the last finished run of each mode, across store instances (a restart)", async () => {
    const store = createLabRunStore(testDb.db);
    expect(await store.latest()).toEqual({ synchronous: null, "fail-fast": null, continuation: null });

    await store.save(finishedRun("synchronous", "run-1", 10));
    await store.save(finishedRun("continuation", "run-2", 40));
    await store.save(finishedRun("synchronous", "run-3", 12));

    const runs = await createLabRunStore(testDb.db).latest();
    expect(runs.synchronous).toEqual(finishedRun("synchronous", "run-3", 12));
    expect(runs.continuation).toEqual(finishedRun("continuation", "run-2", 40));
    expect(runs["fail-fast"]).toBeNull();
  });

  it("leaves out a stored run that no longer reads as a run, and says so", async () => {
    await testDb.db.labRun.upsert({
      where: { mode: "fail-fast" },
      create: { mode: "fail-fast", runId: "bad", startedAt: new Date(), finishedAt: new Date(), view: "{" },
      update: { view: "{" },
    });
    const warnings: unknown[] = [];
    const logger = {
      debug: () => {},
      info: () => {},
      warn: (...args: unknown[]) => warnings.push(args),
      error: () => {},
    };
    const runs = await createLabRunStore(testDb.db, logger).latest();
    expect(runs["fail-fast"]).toBeNull();
    expect(runs.synchronous?.id).toBe("run-3");
    expect(warnings).toEqual([["lab.stored_run_unreadable", { mode: "fail-fast", runId: "bad" }]]);
  });
});
