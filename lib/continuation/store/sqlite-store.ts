import type BetterSqlite3 from "better-sqlite3";
import { Mutex } from "async-mutex";
import type {
  CalloutRecord,
  ContinuationChange,
  NewContinuation,
  NewEvent,
  StoredContinuation,
} from "./model";
import {
  CALLOUT_INSERT_COLUMNS,
  calloutRecords,
  calloutsByContinuation,
  CONTINUATION_INSERT_COLUMNS,
  NOT_REPLACED_BY_RETRY,
  continuationValues,
  outcomeRecord,
  toCallout,
  toContinuation,
  type DateCodec,
  type Row,
} from "./rows";
import {
  StaleStepError,
  type ContinuationStore,
  type StepCommit,
  type StepDecision,
  type TransactionHost,
} from "./store";
import { createGroupCommit } from "./group-commit";
import { takeoverEvent } from "./fresh";
import { createOperatorReads } from "./operator-reads";
import { TRANSITION_INSERT_COLUMNS, transitionRecords } from "./timeline-rows";
import { buildSummary } from "./summary";

type Database = BetterSqlite3.Database;
type Statement = BetterSqlite3.Statement;

/** Serializes use of the one connection (shared with the domain's client, which takes it too). */
export interface ConnectionLock {
  runExclusive<T>(work: () => Promise<T> | T): Promise<T>;
}

/** Prisma's format for SQLite timestamps (ISO 8601 with "+00:00"): sorts as text. */
const dates: DateCodec = {
  encode: (date) => date.toISOString().replace("Z", "+00:00"),
  decode: (value) => new Date(typeof value === "string" ? value : Number(value)),
};

const quote = (columns: readonly string[]) => columns.map((c) => `"${c}"`).join(", ");
const CLAIMABLE = `status = 'pending' AND ("leaseExpiresAt" IS NULL OR "leaseExpiresAt" < @now OR (@includeOwn = 1 AND "leaseOwner" = @owner))`;
/** The row may move on: still pending, at the version the driver read, under its lease. */
const HELD = `id = @id AND version = @version AND status = 'pending' AND "leaseOwner" = @leaseOwner`;

/**
 * The continuation store on SQLite, through better-sqlite3 with prepared statements. One
 * connection for the process: every statement and transaction takes `lock`, which the domain's
 * client on the same connection shares, so nothing interleaves with an open transaction.
 * Lists of ids travel as one JSON parameter (`json_each`), so no batch meets the bound-parameter limit.
 */
export function createSqliteStore<Tx = undefined>(options: {
  /** The connection, or a promise of it (when the domain's client opens it). */
  database: Database | Promise<Database>;
  lock?: ConnectionLock;
  /** The domain's handle, enlisted in each step's transaction on this connection. */
  transactions?: TransactionHost<Tx, Database>;
}): ContinuationStore<Tx> {
  const opened = Promise.resolve(options.database);
  let db!: Database;
  const connectionLock: ConnectionLock = options.lock ?? new Mutex();
  /** Every use of the connection, once it is open. */
  const lock: ConnectionLock = {
    runExclusive: (work) =>
      connectionLock.runExclusive(async () => {
        db ??= await opened;
        return work();
      }),
  };
  const host = options.transactions;
  const cache = new Map<string, Statement>();
  const sql = (text: string): Statement => {
    let statement = cache.get(text);
    if (!statement) {
      statement = db.prepare(text);
      if (statement.reader) statement.safeIntegers(false);
      cache.set(text, statement);
    }
    return statement;
  };

  const insertCallouts = (id: string, step: number, next: NewContinuation["step"], at: Date) => {
    const insert = sql(
      `INSERT INTO "Callout" (${quote(CALLOUT_INSERT_COLUMNS)}) SELECT ${CALLOUT_INSERT_COLUMNS.map((c) => `value ->> '$.${c}'`).join(", ")} FROM json_each(?)`,
    );
    insert.run(JSON.stringify(calloutRecords(id, step, next, at, dates)));
  };
  /** Writes a transition's timeline rows, inside whatever transaction is open: one row, one statement, mostly. */
  const insertEvents = (events: readonly NewEvent[]) => {
    if (events.length === 0) return;
    const rows = transitionRecords(events, dates);
    if (rows.length === 1) {
      sql(
        `INSERT INTO "ContinuationTransition" (${quote(TRANSITION_INSERT_COLUMNS)}) VALUES (@continuationId, @at, @kind, @events)`,
      ).run(rows[0]!);
      return;
    }
    sql(
      `INSERT INTO "ContinuationTransition" (${quote(TRANSITION_INSERT_COLUMNS)}) SELECT ${TRANSITION_INSERT_COLUMNS.map((c) => `value ->> '$.${c}'`).join(", ")} FROM json_each(?)`,
    ).run(JSON.stringify(rows));
  };
  const record = (records: readonly CalloutRecord[], forget = false) => {
    const update = sql(
      `UPDATE "Callout" SET status = 'done', headers = @headers, "statusCode" = @statusCode,
         "responseHeaders" = @responseHeaders, "responseBody" = @responseBody, "errorMessage" = @errorMessage,
         "responseBytes" = @responseBytes, "sentAt" = @sentAt, "finishedAt" = @finishedAt
       WHERE id = @id AND status <> 'done'`,
    );
    let changed = 0;
    for (const r of records)
      changed += update.run(outcomeRecord(r.calloutId, r.outcome, dates, forget)).changes;
    return changed;
  };
  const calloutsOf = (ids: string[], step: number | null): Map<string, ReturnType<typeof toCallout>[]> =>
    calloutsByContinuation(
      sql(
        `SELECT * FROM "Callout" WHERE "continuationId" IN (SELECT value FROM json_each(@ids))
         AND (@step IS NULL OR step = @step)`,
      ).all({ ids: JSON.stringify(ids), step }) as Row[],
      dates,
    );
  const withCallouts = (rows: Row[], allSteps: boolean): StoredContinuation[] => {
    if (rows.length === 0) return [];
    const ids = rows.map((r) => String(r.id));
    const callouts = calloutsOf(ids, null);
    return rows.map((row) => {
      const all = callouts.get(String(row.id)) ?? [];
      return toContinuation(row, allSteps ? all : all.filter((c) => c.step === Number(row.step)), dates);
    });
  };
  /** Runs `work` inside BEGIN … COMMIT on the connection (sharing it with whatever else is waiting). */
  const inTransaction = createGroupCommit(
    {
      begin: () => sql("BEGIN IMMEDIATE").run(),
      commit: () => sql("COMMIT").run(),
      rollback: () => {
        if (db.inTransaction) sql("ROLLBACK").run();
      },
      savepoint: () => sql("SAVEPOINT step").run(),
      release: () => sql("RELEASE step").run(),
      rollbackToSavepoint: () => sql("ROLLBACK TO step").run(),
    },
    (work) => lock.runExclusive(work),
  );
  const enlist = <T>(work: (tx: Tx) => Promise<T>): Promise<T> =>
    host ? host.enlist(db, work) : work(undefined as Tx);

  return {
    create: (input) =>
      inTransaction(() => {
        sql(
          `INSERT INTO "Continuation" (${quote(CONTINUATION_INSERT_COLUMNS)}) VALUES (${CONTINUATION_INSERT_COLUMNS.map(() => "?").join(", ")})`,
        ).run(continuationValues(input, dates));
        insertCallouts(input.id, 0, input.step, input.createdAt);
        insertEvents(input.events);
      }),

    find: (id, options = {}) =>
      lock.runExclusive(() => {
        const row = sql(`SELECT * FROM "Continuation" WHERE id = ?`).get(id) as Row | undefined;
        return row ? (withCallouts([row], options.allSteps ?? false)[0] ?? null) : null;
      }),

    findCallouts: (id, step) => lock.runExclusive(() => calloutsOf([id], step).get(id) ?? []),

    findLatestBySubject: (ownerId, subjects) =>
      lock.runExclusive(() => {
        if (subjects.length === 0) return [];
        const rows = sql(
          `SELECT * FROM "Continuation" AS c WHERE "ownerId" = @ownerId
             AND subject IN (SELECT value FROM json_each(@subjects))
             AND NOT EXISTS (SELECT 1 FROM "Continuation" AS n WHERE n."ownerId" = c."ownerId"
               AND n.subject = c.subject AND (n."createdAt" > c."createdAt" OR (n."createdAt" = c."createdAt" AND n.id > c.id)))`,
        ).all({ ownerId, subjects: JSON.stringify(subjects) }) as Row[];
        return withCallouts(rows, false);
      }),

    listByOwner: (ownerId, { statuses, limit }) =>
      lock.runExclusive(() => {
        if (statuses.length === 0) return [];
        const rows = sql(
          `SELECT * FROM "Continuation" AS c WHERE "ownerId" = @ownerId
             AND status IN (SELECT value FROM json_each(@statuses))
             AND ${NOT_REPLACED_BY_RETRY}
           ORDER BY "createdAt" DESC, id DESC LIMIT @limit`,
        ).all({ ownerId, statuses: JSON.stringify(statuses), limit }) as Row[];
        return withCallouts(rows, false);
      }),

    claim: ({ owner, until, now, limit, includeOwn }) =>
      inTransaction(() => {
        const picked = sql(
          `SELECT id, "leaseOwner" FROM "Continuation" WHERE ${CLAIMABLE} ORDER BY "createdAt" LIMIT @limit`,
        ).all({ owner, now: dates.encode(now), limit, includeOwn: includeOwn ? 1 : 0 }) as Row[];
        if (picked.length === 0) return [];
        const rows = sql(
          `UPDATE "Continuation" SET "leaseOwner" = @owner, "leaseExpiresAt" = @until
           WHERE id IN (SELECT value FROM json_each(@ids)) RETURNING *`,
        ).all({ owner, until: dates.encode(until), ids: JSON.stringify(picked.map((r) => r.id)) }) as Row[];
        const from = new Map(
          picked.map((r) => [String(r.id), r.leaseOwner === null ? null : String(r.leaseOwner)]),
        );
        const claimed = withCallouts(rows, true).map((c) => ({ ...c, takenFrom: from.get(c.id) ?? null }));
        insertEvents(claimed.map((c) => takeoverEvent(c, owner, c.takenFrom, now)));
        return claimed;
      }),

    ...createOperatorReads({
      statements: {
        all: (text, params) => lock.runExclusive(() => sql(text).all(params) as Row[]),
        run: (text, params) => lock.runExclusive(() => sql(text).run(params).changes),
      },
      dates,
      jsonList: (param) => `json_each(${param})`,
      withCallouts,
    }),

    renewLeases: (owner, until) =>
      lock.runExclusive(
        () =>
          sql(
            `UPDATE "Continuation" SET "leaseExpiresAt" = ? WHERE "leaseOwner" = ? AND status = 'pending'`,
          ).run(dates.encode(until), owner).changes,
      ),

    releaseLeases: (owner) =>
      lock.runExclusive(
        () =>
          sql(
            `UPDATE "Continuation" SET "leaseOwner" = NULL, "leaseExpiresAt" = NULL WHERE "leaseOwner" = ? AND status = 'pending'`,
          ).run(owner).changes,
      ),

    recordOutcome: (r, events) =>
      inTransaction(() => {
        if (record([r]) !== 1) return false;
        insertEvents(events);
        return true;
      }),

    async runStep(step: StepCommit, work) {
      try {
        return await inTransaction(async () => {
          const decision = await enlist(work);
          record(step.records, step.forgetResponses);
          if (step.forgetResponses) {
            sql(
              `UPDATE "Callout" SET "responseBody" = NULL, "responseHeaders" = '{}' WHERE "continuationId" = ? AND step = ?`,
            ).run(step.id, step.step);
          }
          if (!transition(step, decision)) throw new StaleStepError(step.id);
          insertEvents([...step.events, ...decision.events]);
          return decision;
        });
      } catch (error) {
        if (error instanceof StaleStepError) return "stale";
        throw error;
      }
    },

    finish: ({ id, status, error, records = [], events, at }) =>
      inTransaction(() => {
        const row = sql(
          `UPDATE "Continuation" SET status = @status, "errorCode" = @code, "errorMessage" = @message,
             "finishedAt" = @at, "updatedAt" = @at, version = version + 1
           WHERE id = @id AND status = 'pending' RETURNING *`,
        ).get({ id, status, code: error.code, message: error.message, at: dates.encode(at) }) as
          Row | undefined;
        if (!row) return null;
        record(records);
        const [finished] = withCallouts([row], true);
        const summary = buildSummary(finished!, status, finished!.callouts, at);
        sql(`UPDATE "Continuation" SET summary = ? WHERE id = ?`).run(JSON.stringify(summary), id);
        insertEvents(events);
        return summary;
      }),

    transaction: (work) => inTransaction(() => enlist(work)),

    // One process owns a SQLite file: there is no one else to hear from.
    watch: (_listener: (change: ContinuationChange) => void) => () => {},

    async close() {
      cache.clear(); // the connection belongs to whoever opened it
    },
  };

  function transition(step: StepCommit, decision: StepDecision): boolean {
    const held = {
      id: step.id,
      version: step.version,
      leaseOwner: step.leaseOwner,
      at: dates.encode(step.at),
    };
    if (decision.kind === "complete") {
      return (
        sql(
          `UPDATE "Continuation" SET status = 'completed', result = @result, summary = @summary,
             "finishedAt" = @at, "updatedAt" = @at, version = version + 1 WHERE ${HELD}`,
        ).run({ ...held, result: decision.result, summary: JSON.stringify(decision.summary) }).changes === 1
      );
    }
    const { next } = decision;
    const moved =
      sql(
        `UPDATE "Continuation" SET step = @step, "callbackName" = @callbackName, state = @state,
           "timeoutSeconds" = @timeoutSeconds, "deadlineAt" = @deadlineAt, "updatedAt" = @at,
           version = version + 1 WHERE ${HELD}`,
      ).run({
        ...held,
        step: decision.step,
        callbackName: next.callbackName,
        state: next.state,
        timeoutSeconds: next.timeoutSeconds,
        deadlineAt: dates.encode(next.deadlineAt),
      }).changes === 1;
    if (moved) insertCallouts(step.id, decision.step, next, step.at);
    return moved;
  }
}
