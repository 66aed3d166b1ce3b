import type { StoredContinuation } from "./model";
import { countsOf, filterConditions, type DateCodec, type Row } from "./rows";
import type { ContinuationStore } from "./store";
import { auditedEventsOfRow, eventsOfRow } from "./timeline-rows";

/** How a SQL store runs a statement written with `@name` parameters. */
export interface NamedStatements {
  all(text: string, params: Record<string, unknown>): Promise<Row[]>;
  /** Runs a change; answers how many rows it changed. */
  run(text: string, params: Record<string, unknown>): Promise<number>;
}

type OperatorReads = Pick<
  ContinuationStore,
  "search" | "countByStatus" | "listEvents" | "listEventsOfKinds" | "pruneEvents"
>;

/**
 * The operators' reads and the timeline's, the same SQL on SQLite and PostgreSQL: the dialect
 * gives its statements, its dates and how it turns a JSON list parameter into rows.
 */
export function createOperatorReads(deps: {
  statements: NamedStatements;
  dates: DateCodec;
  jsonList: (param: string) => string;
  withCallouts: (rows: Row[], allSteps: boolean) => Promise<StoredContinuation[]> | StoredContinuation[];
}): OperatorReads {
  const { statements, dates, jsonList } = deps;
  return {
    async search(filter, limit) {
      const { where, params } = filterConditions(filter, dates, { withStatuses: true, jsonList });
      const rows = await statements.all(
        `SELECT * FROM "Continuation" AS c WHERE ${where} ORDER BY "createdAt" DESC, id DESC LIMIT @limit`,
        { ...params, limit },
      );
      return deps.withCallouts(rows, false);
    },

    async countByStatus(filter) {
      const { where, params } = filterConditions(filter, dates, { withStatuses: false, jsonList });
      return countsOf(
        await statements.all(
          `SELECT status, COUNT(*) AS n FROM "Continuation" AS c WHERE ${where} GROUP BY status`,
          params,
        ),
      );
    },

    async listEvents(id) {
      const rows = await statements.all(
        `SELECT * FROM "ContinuationTransition" WHERE "continuationId" = @id ORDER BY seq`,
        { id },
      );
      return rows.flatMap(eventsOfRow);
    },

    async listEventsOfKinds(kinds, limit) {
      const rows = await statements.all(
        `SELECT e.*, c."ownerId", COALESCE(c."initialCallbackName", c."callbackName") AS "callbackName"
         FROM "ContinuationTransition" AS e JOIN "Continuation" AS c ON c.id = e."continuationId"
         WHERE e.kind IN (SELECT value FROM ${jsonList("@kinds")}) ORDER BY e.seq DESC LIMIT @limit`,
        { kinds: JSON.stringify(kinds), limit },
      );
      return rows.flatMap((r) => auditedEventsOfRow(r, kinds));
    },

    pruneEvents: (from, before) =>
      statements.run(
        `DELETE FROM "ContinuationTransition" WHERE "continuationId" IN
           (SELECT id FROM "Continuation" WHERE "createdAt" >= @from AND "createdAt" < @before)`,
        { from: dates.encode(from), before: dates.encode(before) },
      ),
  };
}
