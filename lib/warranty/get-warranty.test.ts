import { afterAll, beforeAll, describe, expect, it } from "vitest";
import type { Db } from "@/lib/db";
import { calloutResponse, responsesByLabel } from "@/lib/continuation/responses";
import { createTestDb } from "@/lib/testing/test-db";
import { seed } from "@/prisma/seed";
import { warrantyReceived } from "./get-warranty";

let db: Db;
let cleanup: () => Promise<void>;
let agentId: string;

beforeAll(async () => {
  ({ db, cleanup } = await createTestDb());
  await seed(db, "warranty-demo");
  agentId = (await db.agent.findUniqueOrThrow({ where: { username: "alice" } })).id;
});
afterAll(() => cleanup());

function runCallback(statusCode: number, body: string | null, continuationId: string) {
  const { byLabel, response } = responsesByLabel([calloutResponse({ label: "warranty", statusCode, body })]);
  return db.$transaction((tx) =>
    warrantyReceived.run({
      state: { productId: "wd-drill-18v", serial: "SN-1001-A" },
      responses: { warranty: byLabel.warranty! },
      response,
      tx,
      ownerId: agentId,
      continuationId,
      step: 0,
    }),
  );
}

describe("the warranty callback", () => {
  it("records an active warranty and returns it for the desk", async () => {
    const body = JSON.stringify({
      serial: "SN-1001-A",
      sku: "WD-DRILL-18V",
      status: "active",
      startDate: "2026-06-30",
      endDate: "2029-06-30",
    });
    expect(await runCallback(200, body, "c-active")).toEqual({
      outcome: "active",
      serial: "SN-1001-A",
      endDate: "2029-06-30",
    });
    const check = await db.warrantyCheck.findUniqueOrThrow({ where: { continuationId: "c-active" } });
    expect(check).toMatchObject({ outcome: "active", productId: "wd-drill-18v", agentId });
    expect(check.endDate?.toISOString()).toBe("2029-06-30T00:00:00.000Z");
  });

  it("records that the ERP knows no warranty", async () => {
    expect(await runCallback(404, "{}", "c-missing")).toEqual({ outcome: "not_found", serial: "SN-1001-A" });
    expect(
      await db.warrantyCheck.count({ where: { continuationId: "c-missing", outcome: "not_found" } }),
    ).toBe(1);
  });

  it("writes nothing when the ERP fails", async () => {
    await expect(runCallback(500, "oops", "c-failed")).rejects.toMatchObject({ code: "ERP_ERROR" });
    expect(await db.warrantyCheck.count({ where: { continuationId: "c-failed" } })).toBe(0);
  });
});
