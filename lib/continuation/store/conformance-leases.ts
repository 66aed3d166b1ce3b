import { randomUUID } from "node:crypto";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { oneCalloutContinuation, type ConformanceOptions } from "./conformance";
import type { StoredContinuation } from "./model";
import type { ContinuationStore } from "./store";

/**
 * Part of `storeConformance`: leases (never a live one handed out, renew, release and claim past
 * any bound-parameter limit, one winner between two claimers).
 */
export function leaseConformance(options: ConformanceOptions): void {
  describe(`the ${options.name} store's leases`, () => {
    let store: ContinuationStore<unknown>;
    let cleanup: () => Promise<void>;
    beforeAll(async () => ({ store, cleanup } = await options.makeStore()));
    afterAll(() => cleanup());

    const T0 = new Date("2026-11-29T12:00:00.000Z");
    const at = (ms: number) => new Date(T0.getTime() + ms);
    const createMany = async (count: number, owner: string | null, untilMs: number) => {
      const ids: string[] = [];
      for (let i = 0; i < count; i++) {
        const id = randomUUID();
        ids.push(id);
        await store.create(
          oneCalloutContinuation({
            id,
            createdAt: at(i),
            lease: { owner: owner ?? "gone", until: at(untilMs) },
          }),
        );
      }
      return ids;
    };
    const claim = (owner: string, nowMs: number, limit = 10_000, includeOwn = false) =>
      store.claim({ owner, until: at(nowMs + 15_000), now: at(nowMs), limit, includeOwn });

    it("never hands out a live lease; takes expired ones, the owner's own only when asked", async () => {
      const live = await createMany(2, "instance-a", 15_000);
      expect(await claim("instance-b", 1_000)).toEqual([]);
      expect((await claim("instance-a", 1_000, 10_000, true)).map((c) => c.id).sort()).toEqual(
        [...live].sort(),
      );
      const taken = await claim("instance-b", 20_000);
      expect(taken.map((c) => c.id).sort()).toEqual([...live].sort());
      expect(taken[0]!.callouts).toHaveLength(1);
      expect(await claim("instance-a", 20_001)).toEqual([]);
    });

    it("renews, releases and claims any number of leases at once (past the bound-parameter limit)", async () => {
      const ids = await createMany(1_200, "instance-c", 15_000);
      expect(await store.renewLeases("instance-c", at(60_000))).toBe(1_200);
      expect(await claim("instance-d", 30_000)).toEqual([]);
      expect(await store.releaseLeases("instance-c")).toBe(1_200);
      const first = await claim("instance-d", 30_000, 1_000);
      const rest = await claim("instance-d", 30_000, 1_000);
      expect(first).toHaveLength(1_000);
      expect(new Set([...first, ...rest].map((c) => c.id))).toEqual(new Set(ids));
    });

    it("gives each expired lease to one of two instances claiming at once", async () => {
      const ids = await createMany(50, null, -1);
      const [b, c] = await Promise.all([claim("instance-b2", 100), claim("instance-c2", 100)]);
      const mine = (list: StoredContinuation[]) => list.map((x) => x.id).filter((id) => ids.includes(id));
      expect(mine(b).length + mine(c).length).toBe(50);
      expect(new Set([...mine(b), ...mine(c)]).size).toBe(50);
    });
  });
}
