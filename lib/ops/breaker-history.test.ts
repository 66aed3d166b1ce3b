import { afterAll, beforeAll, describe, expect, it, vi } from "vitest";
import type { Db } from "@/lib/db";
import { createTestDb } from "@/lib/testing/test-db";
import { listBreakerHistory } from "./list-breaker-history";
import { breakerTransitionRecorder } from "./record-breaker-transition";

let db: Db;
let cleanup: () => Promise<void>;

beforeAll(async () => {
  ({ db, cleanup } = await createTestDb());
});
afterAll(() => cleanup());

const logger = { debug: vi.fn(), info: vi.fn(), warn: vi.fn(), error: vi.fn() };
const at = (s: number) => new Date(Date.UTC(2026, 11, 5, 9, 0, s));

describe("breaker history", () => {
  it("records each transition as it is told, and lists each credential's newest first", async () => {
    const record = breakerTransitionRecorder(db, logger);
    record({ credential: "ERP", state: "open", reason: "failures", instance: "a", at: at(1) });
    record({ credential: "ERP", state: "half-open", reason: "probe", instance: "a", at: at(2) });
    record({ credential: "ERP_OAUTH", state: "open", reason: "failures", instance: "b", at: at(3) });
    record({ credential: "ERP", state: "closed", reason: "operator-probe", instance: "a", at: at(4) });
    await vi.waitFor(async () => expect(await db.breakerTransition.count()).toBe(4));

    const history = await listBreakerHistory(db, ["ERP", "ERP_OAUTH", "ERP_LAB"]);
    expect(history.get("ERP")).toEqual([
      { at: at(4).toISOString(), state: "closed", reason: "operator-probe", instance: "a" },
      { at: at(2).toISOString(), state: "half-open", reason: "probe", instance: "a" },
      { at: at(1).toISOString(), state: "open", reason: "failures", instance: "a" },
    ]);
    expect(history.get("ERP_OAUTH")).toEqual([
      { at: at(3).toISOString(), state: "open", reason: "failures", instance: "b" },
    ]);
    expect(history.get("ERP_LAB")).toEqual([]);
    expect((await listBreakerHistory(db, ["ERP"], 1)).get("ERP")).toHaveLength(1);
    expect(logger.error).not.toHaveBeenCalled();
  });

  it("never throws to the runtime: a failed write is logged", async () => {
    const failing = {
      breakerTransition: { create: () => Promise.reject(new Error("database is locked")) },
    } as unknown as Db;
    const record = breakerTransitionRecorder(failing, logger);
    expect(() =>
      record({ credential: "ERP", state: "open", reason: "failures", instance: "a", at: at(9) }),
    ).not.toThrow();
    await vi.waitFor(() =>
      expect(logger.error).toHaveBeenCalledWith("ops.breaker_transition_not_recorded", {
        credential: "ERP",
        state: "open",
        error: "database is locked",
      }),
    );
  });
});
