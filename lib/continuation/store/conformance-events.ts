import { randomUUID } from "node:crypto";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { oneCalloutContinuation, type ConformanceOptions } from "./conformance";
import type { CalloutOutcome, NewEvent, StoredContinuation } from "./model";
import type { ContinuationStore, StepCommit } from "./store";

/**
 * Part of `storeConformance`: the timeline. Each transition writes its events in its own commit
 * (none when it is refused), `claim` writes the takeover, events read back in written order, the
 * operators' search and counts, the audit's kinds, and pruning by age.
 */
export function eventConformance(options: ConformanceOptions): void {
  describe(`the ${options.name} store's timeline`, () => {
    let store: ContinuationStore<unknown>;
    let cleanup: () => Promise<void>;
    beforeAll(async () => ({ store, cleanup } = await options.makeStore()));
    afterAll(() => cleanup());

    const T0 = new Date("2026-12-01T08:00:00.000Z");
    const T0_MINUS_DAY = new Date(T0.getTime() - 86_400_000);
    const at = (ms: number) => new Date(T0.getTime() + ms);
    const ev = (
      c: { id: string },
      kind: NewEvent["kind"],
      ms: number,
      extra: Partial<NewEvent> = {},
    ): NewEvent => ({
      continuationId: c.id,
      at: at(ms),
      kind,
      step: 0,
      label: null,
      instance: "instance-a",
      detail: null,
      ...extra,
    });
    const make = async (input: { ownerId?: string; ms?: number; callbackName?: string } = {}) => {
      const base = oneCalloutContinuation({
        createdAt: at(input.ms ?? 0),
        lease: { owner: "instance-a", until: at((input.ms ?? 0) + 15_000) },
      });
      const c = {
        ...base,
        ownerId: input.ownerId ?? "owner-1",
        step: { ...base.step, callbackName: input.callbackName ?? base.step.callbackName },
      };
      await store.create({
        ...c,
        events: [
          ev(c, "started", input.ms ?? 0, {
            detail: { callback: c.step.callbackName, requests: 1, retryOf: null },
          }),
          ev(c, "sent", input.ms ?? 0, { label: "only", detail: { url: "callout:ERP/x" } }),
        ],
      });
      return (await store.find(c.id))!;
    };
    const outcome: CalloutOutcome = {
      requestHeaders: {},
      statusCode: 200,
      headers: {},
      body: "{}",
      errorMessage: null,
      responseBytes: 2,
      sentAt: at(10),
      finishedAt: at(20),
    };
    const commit = (c: StoredContinuation, extra: Partial<StepCommit> = {}): StepCommit => ({
      id: c.id,
      step: 0,
      version: c.version,
      leaseOwner: "instance-a",
      records: [],
      events: [],
      forgetResponses: false,
      at: at(30),
      ...extra,
    });
    const kinds = async (id: string) => (await store.listEvents(id)).map((e) => e.kind);

    it("writes a chain's events with each transition and reads them back in written order", async () => {
      const c = await make();
      const answered = ev(c, "answered", 20, {
        label: "only",
        detail: { statusCode: 200, ms: 10, credential: "ERP" },
      });
      expect(await store.recordOutcome({ calloutId: c.callouts[0]!.id, outcome }, [answered])).toBe(true);
      const decision = {
        kind: "complete" as const,
        result: "1",
        summary: {} as never,
        events: [
          ev(c, "callback", 30, { detail: { callback: "test.first", ms: 3, stateBytes: 4 } }),
          ev(c, "completed", 30),
        ],
      };
      await store.runStep(commit(c), async () => decision);
      const events = await store.listEvents(c.id);
      expect(events.map((e) => e.kind)).toEqual(["started", "sent", "answered", "callback", "completed"]);
      expect(events[2]).toMatchObject({
        continuationId: c.id,
        step: 0,
        label: "only",
        instance: "instance-a",
        detail: { statusCode: 200, ms: 10, credential: "ERP" },
      });
      expect(events[2]!.at).toEqual(at(20));
      expect(events.map((e) => e.seq)).toEqual([...events.map((e) => e.seq)].sort((a, b) => a - b));
      expect(await store.listEvents(randomUUID())).toEqual([]);
    });

    it("writes nothing for a refused transition: a second outcome, a stale step, a finished chain", async () => {
      const c = await make();
      const record = { calloutId: c.callouts[0]!.id, outcome };
      await store.recordOutcome(record, [ev(c, "answered", 20)]);
      expect(await store.recordOutcome(record, [ev(c, "answered", 21)])).toBe(false);
      const stale = {
        kind: "complete" as const,
        result: "1",
        summary: {} as never,
        events: [ev(c, "completed", 30)],
      };
      expect(await store.runStep(commit(c, { leaseOwner: "instance-b" }), async () => stale)).toBe("stale");
      await expect(
        store.runStep(commit(c, { events: [ev(c, "answered", 25)] }), async () => {
          throw new Error("callback failed");
        }),
      ).rejects.toThrow("callback failed");
      const error = { code: "X", message: "x" };
      await store.finish({
        id: c.id,
        status: "cancelled",
        error,
        events: [ev(c, "cancelled", 40)],
        at: at(40),
      });
      expect(
        await store.finish({ id: c.id, status: "failed", error, events: [ev(c, "failed", 50)], at: at(50) }),
      ).toBeNull();
      expect(await kinds(c.id)).toEqual(["started", "sent", "answered", "cancelled"]);
    });

    it("records each takeover with the instance that held it before", async () => {
      const c = await make({ ms: -60_000 });
      const claimed = await store.claim({
        owner: "instance-b",
        until: at(60_000),
        now: at(0),
        limit: 10_000,
        includeOwn: false,
      });
      const mine = claimed.find((x) => x.id === c.id);
      expect(mine?.takenFrom).toBe("instance-a");
      const events = await store.listEvents(c.id);
      expect(events.at(-1)).toMatchObject({
        kind: "taken_over",
        instance: "instance-b",
        detail: { from: "instance-a" },
      });
      expect(events.at(-1)!.at).toEqual(at(0));
      await store.releaseLeases("instance-b");
      await store.claim({
        owner: "instance-c",
        until: at(90_000),
        now: at(1_000),
        limit: 10_000,
        includeOwn: false,
      });
      expect((await store.listEvents(c.id)).at(-1)).toMatchObject({
        instance: "instance-c",
        detail: { from: null },
      });
    });

    it("searches everyone's work by status, callback, owner and time, newest first, and counts it", async () => {
      const owner = `owner-${randomUUID()}`;
      const first = await make({ ownerId: owner, ms: 100_000, callbackName: "test.search" });
      const second = await make({ ownerId: owner, ms: 101_000, callbackName: "test.search" });
      const other = await make({ ownerId: owner, ms: 102_000, callbackName: "test.other" });
      await store.finish({
        id: second.id,
        status: "failed",
        error: { code: "X", message: "x" },
        events: [],
        at: at(101_500),
      });
      const ids = (list: StoredContinuation[]) => list.map((c) => c.id);
      expect(ids(await store.search({ ownerId: owner }, 10))).toEqual([other.id, second.id, first.id]);
      expect(ids(await store.search({ ownerId: owner }, 2))).toEqual([other.id, second.id]);
      expect(ids(await store.search({ ownerId: owner, callbackName: "test.search" }, 10))).toEqual([
        second.id,
        first.id,
      ]);
      expect(ids(await store.search({ ownerId: owner, statuses: ["pending"] }, 10))).toEqual([
        other.id,
        first.id,
      ]);
      // A chain is found by its first callback and by the one it stands at now.
      const next = {
        ...other.callouts[0]!,
        id: randomUUID(),
        label: "next",
        idempotencyKey: `${other.id}.1.next`,
      };
      const advance = {
        kind: "advance" as const,
        step: 1,
        next: {
          callbackName: "test.next",
          state: "null",
          timeoutSeconds: 30,
          deadlineAt: at(200_000),
          callouts: [next],
        },
        events: [],
      };
      expect(await store.runStep(commit(other, { at: at(102_100) }), async () => advance)).not.toBe("stale");
      expect(ids(await store.search({ ownerId: owner, callbackName: "test.next" }, 10))).toEqual([other.id]);
      expect(ids(await store.search({ ownerId: owner, callbackName: "test.other" }, 10))).toEqual([other.id]);
      expect(ids(await store.search({ ownerId: owner, from: at(101_000), to: at(102_000) }, 10))).toEqual([
        second.id,
      ]);
      expect(await store.countByStatus({ ownerId: owner, statuses: ["failed"] })).toEqual({
        pending: 2,
        completed: 0,
        failed: 1,
        cancelled: 0,
      });
      expect(await store.countByStatus({ ownerId: `nobody-${randomUUID()}` })).toEqual({
        pending: 0,
        completed: 0,
        failed: 0,
        cancelled: 0,
      });
      const [found] = await store.search({ ownerId: owner, statuses: ["pending"] }, 1);
      expect(found).toMatchObject({ leaseOwner: "instance-a", callouts: [{ label: "next", step: 1 }] });
      expect(found!.leaseExpiresAt).toEqual(at(117_000));
    });

    it("lists the newest events of some kinds with their owner and first callback, and prunes old timelines whole", async () => {
      const owner = `owner-${randomUUID()}`;
      const c = await make({ ownerId: owner, ms: 200_000, callbackName: "test.audit" });
      await store.finish({
        id: c.id,
        status: "cancelled",
        error: { code: "CANCELLED", message: "x" },
        events: [ev(c, "cancelled", 200_500, { detail: { by: owner } })],
        at: at(200_500),
      });
      const audit = await store.listEventsOfKinds(["started", "cancelled"], 2);
      expect(audit.map((e) => [e.kind, e.continuationId, e.ownerId, e.callbackName])).toEqual([
        ["cancelled", c.id, owner, "test.audit"],
        ["started", c.id, owner, "test.audit"],
      ]);
      const pruned = await store.pruneEvents(T0_MINUS_DAY, at(200_000));
      expect(pruned).toBeGreaterThan(0);
      expect(await kinds(c.id)).toEqual(["started", "sent", "cancelled"]);
      expect(await store.pruneEvents(T0_MINUS_DAY, at(200_000))).toBe(0);
      expect(await store.pruneEvents(at(200_000), at(300_000))).toBeGreaterThan(0);
      expect(await store.listEvents(c.id)).toEqual([]);
    });
  });
}
