import { randomUUID } from "node:crypto";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import type { CalloutOutcome, NewContinuation, NewStep, StoredContinuation } from "./model";
import type { ContinuationStore, StepCommit, StepDecision } from "./store";
import { leaseConformance } from "./conformance-leases";
import { listingConformance } from "./conformance-listing";
import { eventConformance } from "./conformance-events";
import { buildSummary } from "./summary";

/** A new pending chain of one step with one GET callout, for tests of leases and change feeds. */
export function oneCalloutContinuation(input: {
  id?: string;
  createdAt: Date;
  lease: { owner: string; until: Date };
}): NewContinuation {
  const id = input.id ?? randomUUID();
  return {
    id,
    ownerId: "owner-1",
    subject: null,
    createdAt: input.createdAt,
    lease: input.lease,
    events: [],
    step: {
      callbackName: "test.first",
      state: "null",
      timeoutSeconds: 30,
      deadlineAt: new Date(input.createdAt.getTime() + 30_000),
      callouts: [
        {
          id: randomUUID(),
          label: "only",
          method: "GET",
          url: "callout:ERP/x",
          headers: {},
          body: null,
          idempotencyKey: `${id}.0.only`,
          retryOn: [],
          retry: null,
          requestBytes: 0,
        },
      ],
    },
  };
}

/** A store under test: its name, and how to make a fresh one (and clean it up). */
export interface ConformanceOptions {
  name: string;
  makeStore: () => Promise<{ store: ContinuationStore<unknown>; cleanup: () => Promise<void> }>;
}

/**
 * The one conformance suite every store runs (as vercel/workflow's worlds run theirs): every
 * transition, its conditional "at most once" semantics, leases, claims, listing for recovery,
 * two drivers of one continuation at once, and batches past any bound-parameter limit.
 *
 *   storeConformance({ name: "sqlite", makeStore: async () => ({ store, cleanup }) });
 */
export function storeConformance(options: ConformanceOptions): void {
  describe(`the ${options.name} store`, () => {
    let store: ContinuationStore<unknown>;
    let cleanup: () => Promise<void>;
    beforeAll(async () => ({ store, cleanup } = await options.makeStore()));
    afterAll(() => cleanup());

    const T0 = new Date("2026-11-29T10:00:00.000Z");
    const at = (ms: number) => new Date(T0.getTime() + ms);
    const step = (labels: string[], callbackName = "test.first", deadlineMs = 30_000): NewStep => ({
      callbackName,
      state: JSON.stringify({ n: labels.length }),
      timeoutSeconds: 30,
      deadlineAt: at(deadlineMs),
      callouts: labels.map((label) => ({
        id: randomUUID(),
        label,
        method: "POST",
        url: `callout:ERP/${label}`,
        headers: { "content-type": "application/json" },
        body: `{"label":"${label}"}`,
        idempotencyKey: `scope.0.${label}`,
        retryOn: label === "a" ? [503, 504] : [],
        retry: label === "a" ? { attempts: 5, baseMs: 250, maxMs: 2_000 } : null,
        requestBytes: 15,
      })),
    });
    const created = async (input: Partial<NewContinuation> = {}): Promise<StoredContinuation> => {
      const id = randomUUID();
      await store.create({
        id,
        ownerId: "owner-1",
        subject: null,
        step: step(["a", "b"]),
        createdAt: T0,
        lease: { owner: "instance-a", until: at(15_000) },
        events: [],
        ...input,
      });
      return (await store.find(id, { allSteps: true }))!;
    };
    const outcome = (statusCode = 200, body = "ok"): CalloutOutcome => ({
      requestHeaders: { "content-type": "application/json", authorization: "[redacted]" },
      statusCode,
      headers: { "x-answer": "yes" },
      body,
      errorMessage: null,
      responseBytes: body.length,
      sentAt: at(100),
      finishedAt: at(200),
    });
    const commit = (c: StoredContinuation, extra: Partial<StepCommit> = {}): StepCommit => ({
      id: c.id,
      step: c.step,
      version: c.version,
      leaseOwner: "instance-a",
      records: [],
      events: [],
      forgetResponses: false,
      at: at(300),
      ...extra,
    });
    const complete = (c: StoredContinuation, result = '"done"'): StepDecision => ({
      kind: "complete",
      result,
      summary: buildSummary(c, "completed", c.callouts, at(300)),
      events: [],
    });

    it("persists a new chain with its first step's callouts as sent, and reads it back as written", async () => {
      const c = await created({ subject: "warranty:x", idempotencyScope: "original", retryOf: "earlier" });
      expect(c).toMatchObject({
        ownerId: "owner-1",
        subject: "warranty:x",
        status: "pending",
        step: 0,
        version: 0,
        idempotencyScope: "original",
        retryOf: "earlier",
        callbackName: "test.first",
        initial: { callbackName: "test.first", timeoutSeconds: 30 },
        timeoutSeconds: 30,
        result: null,
        finishedAt: null,
      });
      expect(c.deadlineAt).toEqual(at(30_000));
      expect(c.createdAt).toEqual(T0);
      expect(c.callouts.map((x) => [x.label, x.status, x.statusCode])).toEqual([
        ["a", "sent", null],
        ["b", "sent", null],
      ]);
      expect(c.callouts[0]).toMatchObject({
        headers: { "content-type": "application/json" },
        body: '{"label":"a"}',
        retryOn: [503, 504],
        retry: { attempts: 5, baseMs: 250, maxMs: 2_000 },
      });
      expect(c.callouts[1]).toMatchObject({ retryOn: [], retry: null });
      expect(await store.findCallouts(c.id, 0)).toEqual(c.callouts);
      expect(await store.find(randomUUID())).toBeNull();
    });

    it("persists many chains started at once, each whole", async () => {
      const ids = Array.from({ length: 200 }, () => randomUUID());
      await Promise.all(
        ids.map((id, i) =>
          store.create({
            id,
            ownerId: "owner-burst",
            subject: `burst:${i}`,
            step: step(["a", "b"]),
            createdAt: T0,
            lease: { owner: "instance-a", until: at(15_000) },
            events: [],
          }),
        ),
      );
      const found = await Promise.all(ids.map((id) => store.find(id)));
      expect(found.map((c) => c?.callouts.length)).toEqual(ids.map(() => 2));
      expect(found.map((c) => c?.subject)).toEqual(ids.map((_, i) => `burst:${i}`));
    });

    it("records a callout's outcome once; a second record changes nothing", async () => {
      const c = await created();
      const [a] = c.callouts;
      expect(await store.recordOutcome({ calloutId: a!.id, outcome: outcome(200, "first") }, [])).toBe(true);
      expect(await store.recordOutcome({ calloutId: a!.id, outcome: outcome(500, "second") }, [])).toBe(
        false,
      );
      const [read] = await store.findCallouts(c.id, 0);
      expect(read).toMatchObject({
        status: "done",
        statusCode: 200,
        responseBody: "first",
        responseBytes: 5,
      });
      expect(read).toMatchObject({
        headers: { authorization: "[redacted]" },
        responseHeaders: { "x-answer": "yes" },
      });
      expect(read!.finishedAt).toEqual(at(200));
    });

    it("completes a step with its last outcome in the same commit, once", async () => {
      const c = await created();
      const [a, b] = c.callouts;
      await store.recordOutcome({ calloutId: a!.id, outcome: outcome() }, []);
      const records = [{ calloutId: b!.id, outcome: outcome(201, "last") }];
      expect(await store.runStep(commit(c, { records }), async () => complete(c))).toMatchObject({
        kind: "complete",
      });
      const done = (await store.find(c.id))!;
      expect(done).toMatchObject({ status: "completed", result: '"done"', version: 1 });
      expect(done.finishedAt).toEqual(at(300));
      expect(JSON.parse(done.summary!)).toMatchObject({ status: "completed", continuationId: c.id });
      expect(done.callouts.map((x) => x.statusCode)).toEqual([200, 201]);
      // The same step again, at the version it was read: refused, nothing changes.
      expect(await store.runStep(commit(c), async () => complete(c, '"again"'))).toBe("stale");
      expect((await store.find(c.id))!.result).toBe('"done"');
    });

    it("moves a chain on to its next step, whose callouts are sent and shown as the current step", async () => {
      const c = await created();
      const records = c.callouts.map((x) => ({ calloutId: x.id, outcome: outcome() }));
      const next = step(["c"], "test.second", 60_000);
      const decision: StepDecision = { kind: "advance", step: 1, next, events: [] };
      expect(await store.runStep(commit(c, { records }), async () => decision)).toEqual(decision);
      const moved = (await store.find(c.id))!;
      expect(moved).toMatchObject({ status: "pending", step: 1, version: 1, callbackName: "test.second" });
      expect(moved.deadlineAt).toEqual(at(60_000));
      expect(moved.callouts.map((x) => [x.step, x.label, x.status])).toEqual([[1, "c", "sent"]]);
      expect(moved.callouts[0]!.id).toBe(next.callouts[0]!.id);
      const all = (await store.find(c.id, { allSteps: true }))!;
      expect(all.callouts.map((x) => `${x.step}${x.label}`)).toEqual(["0a", "0b", "1c"]);
      expect(all.initial).toMatchObject({ callbackName: "test.first" });
    });

    it("refuses a step to a driver without the lease, and rolls back a step whose work throws", async () => {
      const c = await created();
      const records = [{ calloutId: c.callouts[0]!.id, outcome: outcome() }];
      expect(
        await store.runStep(commit(c, { leaseOwner: "instance-b", records }), async () => complete(c)),
      ).toBe("stale");
      await expect(
        store.runStep(commit(c, { records }), async () => {
          throw new Error("callback failed");
        }),
      ).rejects.toThrow("callback failed");
      const after = (await store.find(c.id))!;
      expect(after).toMatchObject({ status: "pending", version: 0 });
      expect(after.callouts.map((x) => x.status)).toEqual(["sent", "sent"]);
    });

    it("forgets a sensitive step's response bodies and headers when it commits", async () => {
      const c = await created();
      await store.recordOutcome({ calloutId: c.callouts[0]!.id, outcome: outcome(200, "secret-1") }, []);
      const records = [{ calloutId: c.callouts[1]!.id, outcome: outcome(200, "secret-2") }];
      await store.runStep(commit(c, { records, forgetResponses: true }), async () => complete(c));
      const callouts = await store.findCallouts(c.id, 0);
      expect(callouts.map((x) => [x.statusCode, x.responseBody, x.responseHeaders])).toEqual([
        [200, null, {}],
        [200, null, {}],
      ]);
    });

    it("ends a pending chain as failed or cancelled once, with its summary; nothing moves it after", async () => {
      const c = await created();
      const records = [{ calloutId: c.callouts[0]!.id, outcome: outcome(503, "down") }];
      const error = { code: "ERP_DOWN", message: "The ERP is down." };
      const summary = await store.finish({
        id: c.id,
        status: "failed",
        error,
        records,
        events: [],
        at: at(400),
      });
      expect(summary).toMatchObject({ status: "failed", success: false, steps: 1 });
      expect(summary!.callouts.map((x) => x.statusCode)).toEqual([503, null]);
      expect(
        await store.finish({ id: c.id, status: "cancelled", error, events: [], at: at(500) }),
      ).toBeNull();
      expect(await store.runStep(commit(c), async () => complete(c))).toBe("stale");
      const failed = (await store.find(c.id))!;
      expect(failed).toMatchObject({
        status: "failed",
        errorCode: "ERP_DOWN",
        errorMessage: "The ERP is down.",
      });
      expect(JSON.parse(failed.summary!)).toEqual(summary);
    });

    it("lets exactly one of two concurrent drivers of one step commit", async () => {
      const c = await created();
      const outcomes = await Promise.all([
        store.runStep(commit(c), async () => complete(c, '"one"')),
        store.runStep(commit(c), async () => complete(c, '"two"')),
      ]);
      expect(outcomes.filter((o) => o === "stale")).toHaveLength(1);
      const winner = outcomes.find((o) => o !== "stale") as StepDecision & { kind: "complete" };
      expect((await store.find(c.id))!).toMatchObject({
        status: "completed",
        result: winner.result,
        version: 1,
      });
    });

    it("finds each subject's newest continuation for its owner only", async () => {
      const subject = `product:${randomUUID()}`;
      await created({ subject, createdAt: at(-2_000) });
      const newest = await created({ subject, createdAt: at(-1_000) });
      await created({ subject, ownerId: "owner-2", createdAt: at(0) });
      const latest = await store.findLatestBySubject("owner-1", [subject, "nothing"]);
      expect(latest.map((x) => x.id)).toEqual([newest.id]);
      expect(await store.findLatestBySubject("owner-1", [])).toEqual([]);
    });
  });

  listingConformance(options);

  leaseConformance(options);

  eventConformance(options);
}
