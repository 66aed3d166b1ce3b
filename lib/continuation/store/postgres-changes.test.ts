import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { createTestDb, openAnotherInstance, testProvider } from "@/lib/testing/test-db";
import { oneCalloutContinuation } from "./conformance";
import type { ContinuationChange } from "./model";

// Two instances on one PostgreSQL database: what one writes, the other hears through LISTEN/NOTIFY,
// without polling; a store does not hear its own changes. Runs under `npm run test:unit:pg`.
describe.runIf(testProvider === "postgres")("PostgreSQL change notifications", () => {
  let testDb: Awaited<ReturnType<typeof createTestDb>>;
  let other: ReturnType<typeof openAnotherInstance>;
  beforeAll(async () => {
    testDb = await createTestDb();
    other = openAnotherInstance(testDb.url);
  });
  afterAll(async () => {
    await other.close();
    await testDb.cleanup();
  });

  it("reach the other instances, not the one that made the change", async () => {
    const heardHere: ContinuationChange[] = [];
    const heardThere: ContinuationChange[] = [];
    testDb.store.watch((change) => heardHere.push(change));
    const created = new Promise<void>((resolve) =>
      other.store.watch((change) => {
        heardThere.push(change);
        if (change.kind === "finished") resolve();
      }),
    );
    await new Promise((resolve) => setTimeout(resolve, 300)); // both LISTENs are in place
    const at = new Date();
    const chain = oneCalloutContinuation({ createdAt: at, lease: { owner: "instance-a", until: at } });
    const { id } = chain;
    await testDb.store.create(chain);
    await testDb.store.finish({
      id,
      status: "cancelled",
      error: { code: "CANCELLED", message: "No." },
      events: [],
      at,
    });
    await created;
    expect(heardThere.map((c) => [c.id, c.kind, c.status, c.ownerId])).toEqual([
      [id, "created", "pending", "owner-1"],
      [id, "finished", "cancelled", "owner-1"],
    ]);
    expect(heardHere, "a store does not hear its own changes").toEqual([]);
  });
});
