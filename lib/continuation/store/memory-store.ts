import type {
  CalloutRecord,
  ContinuationChange,
  ContinuationFilter,
  NewEvent,
  NewStep,
  StoredCallout,
  StoredContinuation,
  StoredEvent,
} from "./model";
import type { ClaimedContinuation, ContinuationStore, StepCommit } from "./store";
import { freshContinuation, sentCallout, takeoverEvent } from "./fresh";
import { buildSummary } from "./summary";

/**
 * A store in process memory, for fast engine tests: the same contract and conformance suite as
 * the SQL stores, nothing durable. `work` gets no domain handle (`undefined`); a step's writes
 * are applied only after it resolves, so a callback that throws leaves nothing behind.
 */
export function createMemoryStore(): ContinuationStore<undefined> {
  type Row = Omit<StoredContinuation, "callouts">;
  const rows = new Map<string, Row>();
  const callouts = new Map<string, StoredCallout[]>();
  const events: StoredEvent[] = [];
  const copy = <T>(value: T): T => structuredClone(value);
  const addEvents = (list: readonly NewEvent[]) => {
    for (const e of list) events.push({ ...copy(e), seq: events.length + 1 });
  };
  const matches = (row: Row, filter: ContinuationFilter, withStatuses: boolean) =>
    (!withStatuses || !filter.statuses || filter.statuses.includes(row.status)) &&
    (filter.callbackName === undefined ||
      row.initial?.callbackName === filter.callbackName ||
      row.callbackName === filter.callbackName) &&
    (filter.ownerId === undefined || row.ownerId === filter.ownerId) &&
    (!filter.from || row.createdAt >= filter.from) &&
    (!filter.to || row.createdAt < filter.to);
  const newestFirst = (a: Row, b: Row) =>
    b.createdAt.getTime() - a.createdAt.getTime() || (b.id > a.id ? 1 : b.id < a.id ? -1 : 0);

  const view = (id: string, allSteps: boolean): StoredContinuation | null => {
    const row = rows.get(id);
    if (!row) return null;
    const list = (callouts.get(id) ?? []).filter((c) => allSteps || c.step === row.step);
    return copy({ ...row, callouts: list.sort((a, b) => a.step - b.step || a.label.localeCompare(b.label)) });
  };
  const addCallouts = (id: string, step: number, next: NewStep, at: Date) => {
    const list = callouts.get(id) ?? [];
    list.push(...next.callouts.map((c) => sentCallout(copy(c), step, at)));
    callouts.set(id, list);
  };
  const record = (list: readonly CalloutRecord[], forget = false): number => {
    let changed = 0;
    for (const { calloutId, outcome } of list) {
      for (const group of callouts.values()) {
        const c = group.find((x) => x.id === calloutId);
        if (!c || c.status === "done") continue;
        Object.assign(c, {
          status: "done",
          headers: { ...outcome.requestHeaders },
          statusCode: outcome.statusCode,
          responseHeaders: forget ? {} : { ...outcome.headers },
          responseBody: forget ? null : outcome.body,
          errorMessage: outcome.errorMessage,
          responseBytes: outcome.responseBytes,
          sentAt: outcome.sentAt,
          finishedAt: outcome.finishedAt,
        });
        changed++;
      }
    }
    return changed;
  };
  const held = (step: StepCommit) => {
    const row = rows.get(step.id);
    return row &&
      row.status === "pending" &&
      row.version === step.version &&
      row.leaseOwner === step.leaseOwner
      ? row
      : null;
  };
  return {
    async create(input) {
      if (rows.has(input.id)) throw new Error(`Continuation ${input.id} already exists.`);
      const { callouts: first, ...row } = freshContinuation(input);
      rows.set(input.id, row);
      callouts.set(input.id, first.map(copy));
      addEvents(input.events);
    },

    find: async (id, options = {}) => view(id, options.allSteps ?? false),

    findCallouts: async (id, step) => (view(id, true)?.callouts ?? []).filter((c) => c.step === step),

    async findLatestBySubject(ownerId, subjects) {
      const latest = new Map<string, Row>();
      for (const row of rows.values()) {
        if (row.ownerId !== ownerId || !row.subject || !subjects.includes(row.subject)) continue;
        const seen = latest.get(row.subject);
        if (!seen || row.createdAt >= seen.createdAt) latest.set(row.subject, row);
      }
      return [...latest.values()].map((row) => view(row.id, false)!);
    },

    async listByOwner(ownerId, { statuses, limit }) {
      const owned = [...rows.values()].filter((r) => r.ownerId === ownerId).sort(newestFirst);
      const replaced = (row: Row) =>
        owned.some((r) => r.idempotencyScope === row.idempotencyScope && newestFirst(r, row) < 0);
      return owned
        .filter((row) => statuses.includes(row.status) && !replaced(row))
        .slice(0, limit)
        .map((row) => view(row.id, false)!);
    },

    async search(filter, limit) {
      return [...rows.values()]
        .filter((row) => matches(row, filter, true))
        .sort(newestFirst)
        .slice(0, limit)
        .map((row) => view(row.id, false)!);
    },

    async countByStatus(filter) {
      const counts = { pending: 0, completed: 0, failed: 0, cancelled: 0 };
      for (const row of rows.values()) if (matches(row, filter, false)) counts[row.status]++;
      return counts;
    },

    listEvents: async (id) => copy(events.filter((e) => e.continuationId === id)),

    async listEventsOfKinds(kinds, limit) {
      return events
        .filter((e) => kinds.includes(e.kind) && rows.has(e.continuationId))
        .reverse()
        .slice(0, limit)
        .map((e) => {
          const row = rows.get(e.continuationId)!;
          return {
            ...copy(e),
            ownerId: row.ownerId,
            callbackName: row.initial?.callbackName ?? row.callbackName,
          };
        });
    },

    async pruneEvents(from, before) {
      const old = (createdAt: Date | undefined) =>
        createdAt !== undefined && createdAt >= from && createdAt < before;
      const kept = events.filter((e) => !old(rows.get(e.continuationId)?.createdAt));
      const pruned = events.length - kept.length;
      events.splice(0, events.length, ...kept);
      return pruned;
    },

    async claim({ owner, until, now, limit, includeOwn }) {
      const taken: ClaimedContinuation[] = [];
      const pending = [...rows.values()]
        .filter((r) => r.status === "pending")
        .sort((a, b) => a.createdAt.getTime() - b.createdAt.getTime());
      for (const row of pending) {
        if (taken.length >= limit) break;
        const free = row.leaseExpiresAt === null || row.leaseExpiresAt < now;
        if (!free && !(includeOwn && row.leaseOwner === owner)) continue;
        const takenFrom = row.leaseOwner;
        row.leaseOwner = owner;
        row.leaseExpiresAt = until;
        addEvents([takeoverEvent(row, owner, takenFrom, now)]);
        taken.push({ ...view(row.id, true)!, takenFrom });
      }
      return taken;
    },

    async renewLeases(owner, until) {
      let count = 0;
      for (const row of rows.values()) {
        if (row.leaseOwner !== owner || row.status !== "pending") continue;
        row.leaseExpiresAt = until;
        count++;
      }
      return count;
    },

    async releaseLeases(owner) {
      let count = 0;
      for (const row of rows.values()) {
        if (row.leaseOwner !== owner || row.status !== "pending") continue;
        Object.assign(row, { leaseOwner: null, leaseExpiresAt: null });
        count++;
      }
      return count;
    },

    async recordOutcome(r, list) {
      if (record([r]) !== 1) return false;
      addEvents(list);
      return true;
    },

    async runStep(step, work) {
      if (!held(step)) return "stale";
      const decision = await work(undefined);
      const row = held(step);
      if (!row) return "stale";
      record(step.records, step.forgetResponses);
      addEvents([...step.events, ...decision.events]);
      if (step.forgetResponses) {
        for (const c of callouts.get(step.id) ?? []) {
          if (c.step === step.step) Object.assign(c, { responseBody: null, responseHeaders: {} });
        }
      }
      row.version++;
      row.updatedAt = step.at;
      if (decision.kind === "complete") {
        Object.assign(row, {
          status: "completed",
          result: decision.result,
          summary: JSON.stringify(decision.summary),
          finishedAt: step.at,
        });
      } else {
        const { next } = decision;
        Object.assign(row, {
          step: decision.step,
          callbackName: next.callbackName,
          state: next.state,
          timeoutSeconds: next.timeoutSeconds,
          deadlineAt: next.deadlineAt,
        });
        addCallouts(step.id, decision.step, next, step.at);
      }
      return decision;
    },

    async finish({ id, status, error, records = [], events: ended, at }) {
      const row = rows.get(id);
      if (!row || row.status !== "pending") return null;
      record(records);
      Object.assign(row, {
        status,
        errorCode: error.code,
        errorMessage: error.message,
        finishedAt: at,
        updatedAt: at,
        version: row.version + 1,
      });
      const finished = view(id, true)!;
      const summary = buildSummary(finished, status, finished.callouts, at);
      row.summary = JSON.stringify(summary);
      addEvents(ended);
      return summary;
    },

    transaction: (work) => work(undefined),

    watch: (_listener: (change: ContinuationChange) => void) => () => {},

    async close() {},
  };
}
