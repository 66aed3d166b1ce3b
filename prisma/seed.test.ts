import bcrypt from "bcryptjs";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import type { Db } from "@/lib/db";
import { createTestDb } from "@/lib/testing/test-db";
import { OPERATOR, seed } from "./seed";

let db: Db;
let cleanup: () => Promise<void>;

beforeAll(async () => {
  ({ db, cleanup } = await createTestDb());
});
afterAll(() => cleanup());

describe("the seed", () => {
  it("creates the agents and the operator ops with its own password, once", async () => {
    expect((await seed(db, "demo-password", "ops-password")).agents).toBe(3);
    const accounts = await db.agent.findMany({ orderBy: { username: "asc" } });
    expect(accounts.map((a) => [a.username, a.role])).toEqual([
      ["alice", "agent"],
      ["bob", "agent"],
      ["ops", "operator"],
    ]);
    const ops = accounts.find((a) => a.username === OPERATOR.username)!;
    expect(ops.displayName).toBe("Operations");
    expect(await bcrypt.compare("ops-password", ops.passwordHash)).toBe(true);
    expect(await bcrypt.compare("demo-password", ops.passwordHash)).toBe(false);

    // Again, with other passwords: nothing that exists changes.
    expect(await seed(db, "other-password", "other-password")).toEqual({ agents: 0, products: 0 });
    const again = await db.agent.findUniqueOrThrow({ where: { username: "ops" } });
    expect(again.passwordHash).toBe(ops.passwordHash);
  });
});
