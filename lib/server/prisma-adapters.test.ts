import { afterAll, beforeAll, describe, expect, it } from "vitest";
import type { Db } from "@/lib/db";
import { createTestDb } from "@/lib/testing/test-db";

let db: Db;
let cleanup: () => Promise<void>;

beforeAll(async () => {
  ({ db, cleanup } = await createTestDb());
});
afterAll(() => cleanup());

const agent = (username: string) => ({ username, displayName: username, passwordHash: "x" });

describe("the serialized SQLite adapter", () => {
  it("keeps a plain write made while a transaction is open out of that transaction", async () => {
    let releaseTx!: () => void;
    const txHolding = new Promise<void>((resolve) => (releaseTx = resolve));
    let txStarted!: () => void;
    const started = new Promise<void>((resolve) => (txStarted = resolve));

    const rolledBack = db
      .$transaction(async (tx) => {
        await tx.agent.create({ data: agent("inside-tx") });
        txStarted();
        await txHolding;
        throw new Error("roll back");
      })
      .catch((e: Error) => e.message);

    await started;
    const outside = db.agent.create({ data: agent("outside-tx") });
    // The plain write waits for the transaction instead of joining it.
    const raced = await Promise.race([
      outside.then(() => "written"),
      new Promise((r) => setTimeout(() => r("waiting"), 100)),
    ]);
    expect(raced).toBe("waiting");

    releaseTx();
    expect(await rolledBack).toBe("roll back");
    await outside;
    expect(await db.agent.findUnique({ where: { username: "inside-tx" } })).toBeNull();
    expect(await db.agent.findUnique({ where: { username: "outside-tx" } })).not.toBeNull();
  });

  it("does not let a plain read see a transaction's uncommitted writes", async () => {
    let release!: () => void;
    const holding = new Promise<void>((resolve) => (release = resolve));
    let started!: () => void;
    const isStarted = new Promise<void>((resolve) => (started = resolve));
    const tx = db.$transaction(async (t) => {
      await t.agent.create({ data: agent("uncommitted") });
      started();
      await holding;
      throw new Error("abort");
    });
    await isStarted;
    const read = db.agent.findUnique({ where: { username: "uncommitted" } });
    release();
    await expect(tx).rejects.toThrow("abort");
    expect(await read).toBeNull();
  });
});
