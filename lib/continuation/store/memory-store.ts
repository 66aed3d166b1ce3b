import type { CalloutRecord, ContinuationChange, NewStep, StoredCallout, StoredContinuation } from "./model";
import type { ContinuationStore, StepCommit } from "./store";
import { freshContinuation, sentCallout } from "./fresh";
import { buildSummary } from "./summary";

/**
 * A store in process memory, for fast engine tests: the same contract and conformance suite as
 * the SQL stores, nothing durable. `work` gets no domain handle (`undefined`); a step's writes
 * are applied only after it resolves, so a callback that throws leaves nothing behind.
 */
export function createMemoryStore(): ContinuationStore<undefined> {
  type Row = Omit<StoredContinuation, "callouts"> & {
    leaseOwner: string | null;
    leaseExpiresAt: Date | null;
  };
  const rows = new Map<string, Row>();
  const callouts = new Map<string, StoredCallout[]>();
  const copy = <T>(value: T): T => structuredClone(value);

  const view = (id: string, allSteps: boolean): StoredContinuation | null => {
    const found = rows.get(id);
    if (!found) return null;
    const { leaseOwner: _owner, leaseExpiresAt: _until, ...row } = found;
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
      const { callouts: first, ...fresh } = freshContinuation(input);
      const row: Row = { ...fresh, leaseOwner: input.lease.owner, leaseExpiresAt: input.lease.until };
      rows.set(input.id, row);
      callouts.set(input.id, first.map(copy));
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
      const newestFirst = (a: Row, b: Row) =>
        b.createdAt.getTime() - a.createdAt.getTime() || (b.id > a.id ? 1 : b.id < a.id ? -1 : 0);
      const owned = [...rows.values()].filter((r) => r.ownerId === ownerId).sort(newestFirst);
      const replaced = (row: Row) =>
        owned.some((r) => r.idempotencyScope === row.idempotencyScope && newestFirst(r, row) < 0);
      return owned
        .filter((row) => statuses.includes(row.status) && !replaced(row))
        .slice(0, limit)
        .map((row) => view(row.id, false)!);
    },

    async claim({ owner, until, now, limit, includeOwn }) {
      const taken: StoredContinuation[] = [];
      const pending = [...rows.values()]
        .filter((r) => r.status === "pending")
        .sort((a, b) => a.createdAt.getTime() - b.createdAt.getTime());
      for (const row of pending) {
        if (taken.length >= limit) break;
        const free = row.leaseExpiresAt === null || row.leaseExpiresAt < now;
        if (!free && !(includeOwn && row.leaseOwner === owner)) continue;
        row.leaseOwner = owner;
        row.leaseExpiresAt = until;
        taken.push(view(row.id, true)!);
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

    recordOutcome: async (r) => record([r]) === 1,

    async runStep(step, work) {
      if (!held(step)) return "stale";
      const decision = await work(undefined);
      const row = held(step);
      if (!row) return "stale";
      record(step.records, step.forgetResponses);
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

    async finish({ id, status, error, records = [], at }) {
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
      return summary;
    },

    transaction: (work) => work(undefined),

    watch: (_listener: (change: ContinuationChange) => void) => () => {},

    async close() {},
  };
}
