import { randomUUID } from "node:crypto";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { oneCalloutContinuation, type ConformanceOptions } from "./conformance";
import type { ContinuationStatus, StoredContinuation } from "./model";
import type { ContinuationStore } from "./store";

/**
 * Part of `storeConformance`: `listByOwner`, the owner's work newest first, by status, each
 * intent once (a continuation a retry replaced is not listed).
 */
export function listingConformance(options: ConformanceOptions): void {
  describe(`the ${options.name} store's listing by owner`, () => {
    let store: ContinuationStore<unknown>;
    let cleanup: () => Promise<void>;
    beforeAll(async () => ({ store, cleanup } = await options.makeStore()));
    afterAll(() => cleanup());

    const T0 = new Date("2026-11-30T09:00:00.000Z");
    const at = (ms: number) => new Date(T0.getTime() + ms);
    /** A continuation of `ownerId` created at `ms`, ended with `status` unless it is pending. */
    const make = async (
      ownerId: string,
      ms: number,
      status: ContinuationStatus = "pending",
      origin: { idempotencyScope?: string; retryOf?: string } = {},
    ): Promise<StoredContinuation> => {
      const input = {
        ...oneCalloutContinuation({ createdAt: at(ms), lease: { owner: "lister", until: at(ms + 15_000) } }),
        ownerId,
        subject: `thing:${ms}`,
        ...origin,
      };
      await store.create(input);
      const c = (await store.find(input.id))!;
      if (status === "completed") {
        const decision = { kind: "complete" as const, result: "1", summary: {} as never, events: [] };
        await store.runStep(
          {
            id: c.id,
            step: 0,
            version: 0,
            leaseOwner: "lister",
            records: [],
            events: [],
            forgetResponses: false,
            at: at(ms + 1),
          },
          async () => decision,
        );
      } else if (status !== "pending") {
        await store.finish({
          id: c.id,
          status,
          error: { code: "X", message: "x" },
          events: [],
          at: at(ms + 1),
        });
      }
      return (await store.find(c.id))!;
    };
    const ids = (list: StoredContinuation[]) => list.map((c) => c.id);

    it("lists the owner's continuations with the given statuses, newest first, up to the limit", async () => {
      const owner = `owner-${randomUUID()}`;
      const failed = await make(owner, 0, "failed");
      const pending = await make(owner, 1_000);
      await make(owner, 2_000, "completed");
      const cancelled = await make(owner, 3_000, "cancelled");
      const newest = await make(owner, 4_000, "failed");
      await make(`other-${randomUUID()}`, 5_000, "failed");

      const open = await store.listByOwner(owner, { statuses: ["pending", "failed"], limit: 10 });
      expect(ids(open)).toEqual([newest.id, pending.id, failed.id]);
      expect(open[0]).toMatchObject({ status: "failed", ownerId: owner, errorCode: "X" });
      expect(open[1]!.callouts.map((x) => [x.label, x.status])).toEqual([["only", "sent"]]);
      expect(ids(await store.listByOwner(owner, { statuses: ["pending", "failed"], limit: 2 }))).toEqual([
        newest.id,
        pending.id,
      ]);
      expect(ids(await store.listByOwner(owner, { statuses: ["cancelled"], limit: 10 }))).toEqual([
        cancelled.id,
      ]);
      expect(await store.listByOwner(owner, { statuses: [], limit: 10 })).toEqual([]);
      expect(await store.listByOwner(`nobody-${randomUUID()}`, { statuses: ["failed"], limit: 10 })).toEqual(
        [],
      );
    });

    it("lists each intent once: a retried continuation gives way to its latest retry, whatever its status", async () => {
      const owner = `owner-${randomUUID()}`;
      const original = await make(owner, 0, "failed");
      const scope = { idempotencyScope: original.id };
      const firstRetry = await make(owner, 1_000, "failed", { ...scope, retryOf: original.id });
      const statuses: ContinuationStatus[] = ["pending", "failed", "completed", "cancelled"];
      expect(ids(await store.listByOwner(owner, { statuses, limit: 10 }))).toEqual([firstRetry.id]);

      // Retried twice (from two places at once): only the newest attempt stands for the intent.
      const secondRetry = await make(owner, 2_000, "completed", { ...scope, retryOf: original.id });
      expect(ids(await store.listByOwner(owner, { statuses, limit: 10 }))).toEqual([secondRetry.id]);
      // Its retry completed: the failed intent is no longer listed among the failed ones.
      expect(await store.listByOwner(owner, { statuses: ["failed"], limit: 10 })).toEqual([]);

      // Another owner's continuation with the same scope replaces nothing of this owner's.
      const other = await make(`other-${randomUUID()}`, 3_000, "failed", scope);
      expect(ids(await store.listByOwner(owner, { statuses, limit: 10 }))).toEqual([secondRetry.id]);
      expect(ids(await store.listByOwner(other.ownerId, { statuses, limit: 10 }))).toEqual([other.id]);
    });
  });
}
