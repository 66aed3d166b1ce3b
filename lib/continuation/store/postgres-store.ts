import { randomUUID } from "node:crypto";
import pg from "pg";
import { silentLogger, type Logger } from "../logger";
import { createBatcher } from "./batcher";
import { listenForChanges } from "./postgres-changes";
import type { CalloutRecord, NewContinuation, NewEvent, StoredContinuation } from "./model";
import {
  CALLOUT_INSERT_COLUMNS,
  calloutRecords,
  calloutsByContinuation,
  CONTINUATION_INSERT_COLUMNS,
  NOT_REPLACED_BY_RETRY,
  continuationValues,
  outcomeRecord,
  toContinuation,
  type Row,
} from "./rows";
import {
  CALLOUT_RECORDSET,
  CONTINUATION_RECORDSET,
  CLAIM,
  dates,
  insertEvents,
  notify,
  numbered,
  OUTCOME_RECORDSET,
  quote,
  RECORD_SET,
  TIMESTAMP_OID,
} from "./postgres-sql";
import type { ContinuationStore, StepCommit, StepDecision, TransactionHost } from "./store";
import { createOperatorReads } from "./operator-reads";
import { transitionRecords } from "./timeline-rows";
import { buildSummary } from "./summary";

const types = {
  getTypeParser: ((oid: number, format?: "text" | "binary") =>
    oid === TIMESTAMP_OID
      ? (v: string) => dates.decode(v)
      : pg.types.getTypeParser(oid, format)) as typeof pg.types.getTypeParser,
};

type Queryable = Pick<pg.PoolClient, "query">;

/**
 * The continuation store on PostgreSQL, through `pg` with named (prepared) statements. Every
 * transition is one statement (data-modifying CTEs) that also NOTIFYs the change, so other
 * instances learn of it through LISTEN without polling. A step whose callback has a domain
 * handle runs in BEGIN … COMMIT on one pooled connection, with the domain enlisted in it.
 * Lists travel as one JSON or array parameter: no batch meets a bound-parameter limit.
 */
export function createPostgresStore<Tx = undefined>(options: {
  pool: pg.Pool;
  /** The domain's handle, enlisted in each step's transaction on its connection. */
  transactions?: TransactionHost<Tx, pg.PoolClient>;
  logger?: Logger;
}): ContinuationStore<Tx> {
  const { pool } = options;
  const host = options.transactions;
  const logger = options.logger ?? silentLogger;
  const origin = randomUUID();
  let names = 0;
  const statements = new Map<string, string>();
  /** Runs a statement as a named prepared statement (parsed once per connection). */
  const query = async (on: Queryable, text: string, values: unknown[]): Promise<pg.QueryResult<Row>> => {
    let name = statements.get(text);
    if (!name) statements.set(text, (name = `wd_${++names}`));
    return on.query<Row>({ name, text, values, types });
  };
  const withCallouts = async (
    on: Queryable,
    rows: Row[],
    allSteps: boolean,
  ): Promise<StoredContinuation[]> => {
    if (rows.length === 0) return [];
    const ids = rows.map((r) => String(r.id));
    const callouts = calloutsByContinuation(
      (await query(on, `SELECT * FROM "Callout" WHERE "continuationId" = ANY($1::text[])`, [ids])).rows,
      dates,
    );
    return rows.map((row) => {
      const all = callouts.get(String(row.id)) ?? [];
      return toContinuation(row, allSteps ? all : all.filter((c) => c.step === Number(row.step)), dates);
    });
  };
  const inTransaction = async <T>(work: (client: pg.PoolClient) => Promise<T>): Promise<T> => {
    const client = await pool.connect();
    try {
      await client.query("BEGIN");
      const value = await work(client);
      await client.query("COMMIT");
      return value;
    } catch (error) {
      await client.query("ROLLBACK").catch(() => {});
      throw error;
    } finally {
      client.release();
    }
  };
  const records = (list: readonly CalloutRecord[], forget = false) =>
    JSON.stringify(list.map((r) => outcomeRecord(r.calloutId, r.outcome, dates, forget)));
  const events = (list: readonly NewEvent[]) => JSON.stringify(transitionRecords(list, dates));
  /** Runs a statement written with `@name` parameters. */
  const named = (on: Queryable, text: string, params: Record<string, unknown>) => {
    const q = numbered(text, params);
    return query(on, q.text, q.values);
  };

  /** One statement: the step's last outcomes, the transition and its notification. */
  async function transition(on: Queryable, step: StepCommit, decision: StepDecision): Promise<boolean> {
    const held = `id = $1 AND version = $2 AND status = 'pending' AND "leaseOwner" = $3`;
    const written = `EXISTS (SELECT 1 FROM t)`;
    const stepEvents = events([...step.events, ...decision.events]);
    const recorded = `rec AS (UPDATE "Callout" AS c SET ${RECORD_SET} FROM ${OUTCOME_RECORDSET.replace("$RECORDS", "$5")}
      WHERE c.id = r.id AND c.status <> 'done' AND EXISTS (SELECT 1 FROM t))`;
    const base = [
      step.id,
      step.version,
      step.leaseOwner,
      dates.encode(step.at),
      records(step.records, step.forgetResponses),
    ];
    if (decision.kind === "complete") {
      const { rowCount } = await query(
        on,
        `WITH t AS (UPDATE "Continuation" SET status = 'completed', result = $6, summary = $7, "finishedAt" = $4,
           "updatedAt" = $4, version = version + 1 WHERE ${held} RETURNING id, "ownerId", status, step), ${recorded},
         ${insertEvents("$8", written)}
         ${notify("finished", origin)}`,
        [...base, decision.result, JSON.stringify(decision.summary), stepEvents],
      );
      return rowCount === 1;
    }
    const { next } = decision;
    const { rowCount } = await query(
      on,
      `WITH t AS (UPDATE "Continuation" SET step = $6, "callbackName" = $7, state = $8, "timeoutSeconds" = $9,
         "deadlineAt" = $10, "updatedAt" = $4, version = version + 1 WHERE ${held} RETURNING id, "ownerId", status, step),
       ${recorded},
       n AS (INSERT INTO "Callout" (${quote(CALLOUT_INSERT_COLUMNS)}) SELECT x.* FROM ${CALLOUT_RECORDSET.replace("$CALLOUTS", "$11")}
         WHERE EXISTS (SELECT 1 FROM t)),
       ${insertEvents("$12", written)}
       ${notify("advanced", origin)}`,
      [
        ...base,
        decision.step,
        next.callbackName,
        next.state,
        next.timeoutSeconds,
        dates.encode(next.deadlineAt),
        JSON.stringify(calloutRecords(step.id, decision.step, next, step.at, dates)),
        stepEvents,
      ],
    );
    return rowCount === 1;
  }

  const changes = listenForChanges({ pool, origin, logger });

  // New chains that arrive together are written by one statement (`json_to_recordset`): under a
  // burst, one round trip and one commit serve many.
  const createBatched = createBatcher<NewContinuation>(
    async (inputs) => {
      const continuations = inputs.map((input) => {
        const values = continuationValues(input, dates);
        return Object.fromEntries(CONTINUATION_INSERT_COLUMNS.map((column, i) => [column, values[i]]));
      });
      const callouts = inputs.flatMap((input) =>
        calloutRecords(input.id, 0, input.step, input.createdAt, dates),
      );
      await query(
        pool,
        `WITH t AS (INSERT INTO "Continuation" (${quote(CONTINUATION_INSERT_COLUMNS)})
           SELECT c.* FROM ${CONTINUATION_RECORDSET} RETURNING id, "ownerId", status, step),
         n AS (INSERT INTO "Callout" (${quote(CALLOUT_INSERT_COLUMNS)}) SELECT x.* FROM ${CALLOUT_RECORDSET.replace("$CALLOUTS", "$2")}),
         ${insertEvents("$3")}
         ${notify("created", origin)}`,
        [
          JSON.stringify(continuations),
          JSON.stringify(callouts),
          events(inputs.flatMap((input) => input.events)),
        ],
      );
    },
    { concurrency: 4, maxBatch: 500 },
  );

  return {
    create: createBatched,

    async find(id, { allSteps = false } = {}) {
      const { rows } = await query(pool, `SELECT * FROM "Continuation" WHERE id = $1`, [id]);
      return (await withCallouts(pool, rows, allSteps))[0] ?? null;
    },

    async findCallouts(id, step) {
      const { rows } = await query(
        pool,
        `SELECT * FROM "Callout" WHERE "continuationId" = $1 AND step = $2`,
        [id, step],
      );
      return calloutsByContinuation(rows, dates).get(id) ?? [];
    },

    async findLatestBySubject(ownerId, subjects) {
      if (subjects.length === 0) return [];
      const { rows } = await query(
        pool,
        `SELECT DISTINCT ON (subject) * FROM "Continuation" WHERE "ownerId" = $1 AND subject = ANY($2::text[])
         ORDER BY subject, "createdAt" DESC, id DESC`,
        [ownerId, subjects],
      );
      return withCallouts(pool, rows, false);
    },

    async listByOwner(ownerId, { statuses, limit }) {
      if (statuses.length === 0) return [];
      const { rows } = await query(
        pool,
        `SELECT * FROM "Continuation" AS c WHERE "ownerId" = $1 AND status = ANY($2::text[])
           AND ${NOT_REPLACED_BY_RETRY}
         ORDER BY "createdAt" DESC, id DESC LIMIT $3`,
        [ownerId, statuses, limit],
      );
      return withCallouts(pool, rows, false);
    },

    async claim({ owner, until, now, limit, includeOwn }) {
      const { rows } = await query(pool, CLAIM, [
        owner,
        dates.encode(until),
        dates.encode(now),
        limit,
        includeOwn,
        now.toISOString(),
      ]);
      const from = new Map(
        rows.map((r) => [String(r.id), r.takenFrom === null ? null : String(r.takenFrom)]),
      );
      return (await withCallouts(pool, rows, true)).map((c) => ({ ...c, takenFrom: from.get(c.id) ?? null }));
    },

    ...createOperatorReads({
      statements: {
        all: async (text, params) => (await named(pool, text, params)).rows,
        run: async (text, params) => (await named(pool, text, params)).rowCount ?? 0,
      },
      dates,
      jsonList: (param) => `json_array_elements_text(${param}::json) AS list(value)`,
      withCallouts: (rows, allSteps) => withCallouts(pool, rows, allSteps),
    }),

    async renewLeases(owner, until) {
      const { rowCount } = await query(
        pool,
        `UPDATE "Continuation" SET "leaseExpiresAt" = $2 WHERE "leaseOwner" = $1 AND status = 'pending'`,
        [owner, dates.encode(until)],
      );
      return rowCount ?? 0;
    },

    async releaseLeases(owner) {
      const { rowCount } = await query(
        pool,
        `UPDATE "Continuation" SET "leaseOwner" = NULL, "leaseExpiresAt" = NULL WHERE "leaseOwner" = $1 AND status = 'pending'`,
        [owner],
      );
      return rowCount ?? 0;
    },

    async recordOutcome(r, list) {
      const { rowCount } = await query(
        pool,
        `WITH u AS (UPDATE "Callout" AS c SET ${RECORD_SET} FROM ${OUTCOME_RECORDSET.replace("$RECORDS", "$1")}
           WHERE c.id = r.id AND c.status <> 'done' RETURNING c."continuationId"),
         t AS (SELECT k.id, k."ownerId", k.status, k.step FROM "Continuation" AS k JOIN u ON u."continuationId" = k.id),
         ${insertEvents("$2", "EXISTS (SELECT 1 FROM u)")}
         ${notify("recorded", origin)}`,
        [records([r]), events(list)],
      );
      return rowCount === 1;
    },

    async runStep(step, work) {
      const apply = async (on: Queryable, decision: StepDecision) => {
        if (step.forgetResponses) {
          await query(
            on,
            `UPDATE "Callout" SET "responseBody" = NULL, "responseHeaders" = '{}' WHERE "continuationId" = $1 AND step = $2 AND status = 'done'`,
            [step.id, step.step],
          );
        }
        return transition(on, step, decision);
      };
      if (!host && !step.forgetResponses) {
        // No domain writes to hold together with the transition: one statement, committed on its own.
        const decision = await work(undefined as Tx);
        return (await apply(pool, decision)) ? decision : "stale";
      }
      const STALE = Symbol("stale");
      try {
        return await inTransaction(async (client) => {
          const decision = host ? await host.enlist(client, work) : await work(undefined as Tx);
          if (!(await apply(client, decision))) throw STALE;
          return decision;
        });
      } catch (error) {
        if (error === STALE) return "stale";
        throw error;
      }
    },

    finish: ({ id, status, error, records: list = [], events: ended, at }) =>
      inTransaction(async (client) => {
        const { rows } = await query(
          client,
          `UPDATE "Continuation" SET status = $2, "errorCode" = $3, "errorMessage" = $4, "finishedAt" = $5,
             "updatedAt" = $5, version = version + 1 WHERE id = $1 AND status = 'pending' RETURNING *`,
          [id, status, error.code, error.message, dates.encode(at)],
        );
        if (rows.length === 0) return null;
        if (list.length > 0) {
          await query(
            client,
            `UPDATE "Callout" AS c SET ${RECORD_SET} FROM ${OUTCOME_RECORDSET.replace("$RECORDS", "$1")}
             WHERE c.id = r.id AND c.status <> 'done'`,
            [records(list)],
          );
        }
        const [finished] = await withCallouts(client, rows, true);
        const summary = buildSummary(finished!, status, finished!.callouts, at);
        await query(
          client,
          `WITH t AS (UPDATE "Continuation" SET summary = $2 WHERE id = $1 RETURNING id, "ownerId", status, step)
           , ${insertEvents("$3")}
           ${notify("finished", origin)}`,
          [id, JSON.stringify(summary), events(ended)],
        );
        return summary;
      }),

    transaction: (work) =>
      host ? inTransaction((client) => host.enlist(client, work)) : work(undefined as Tx),

    watch: (listener) => changes.watch(listener),

    close: () => changes.close(),
  };
}
