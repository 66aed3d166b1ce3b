import type { ContinuationChange } from "./model";
import type { DateCodec } from "./rows";

// The PostgreSQL store's SQL pieces: timestamp handling, JSON record sets, the change notification.

/** The channel every instance LISTENs on; payloads are `ContinuationChange` plus the sender's id. */
export const CHANNEL = "continuation_changes";

// Timestamps are `timestamp(3)` holding UTC (as Prisma writes them): sent as ISO strings (the zone
// is ignored by the column type) and read back as UTC.
export const TIMESTAMP_OID = 1114;
export const dates: DateCodec = {
  encode: (date) => date.toISOString(),
  decode: (value) => (value instanceof Date ? value : new Date(`${String(value).replace(" ", "T")}Z`)),
};

export const quote = (columns: readonly string[]) => columns.map((c) => `"${c}"`).join(", ");
export const CALLOUT_RECORDSET = `json_to_recordset($CALLOUTS::json) AS x(id text, "continuationId" text, step int, label text,
  method text, url text, headers text, body text, "idempotencyKey" text, "retryOn" text,
  "retryPolicy" text, "requestBytes" int, status text, "sentAt" timestamp(3))`;
export const CONTINUATION_RECORDSET = `json_to_recordset($1::json) AS c(id text, "ownerId" text, subject text,
  status text, step int, version int, "callbackName" text, state text, "timeoutSeconds" int, "deadlineAt" timestamp(3),
  "idempotencyScope" text, "retryOf" text, "initialCallbackName" text, "initialState" text, "initialTimeoutSeconds" int,
  "leaseOwner" text, "leaseExpiresAt" timestamp(3), "createdAt" timestamp(3), "updatedAt" timestamp(3), "traceContext" text)`;
export const TRANSITION_RECORDSET = `json_to_recordset($EVENTS::json) AS e("continuationId" text, at timestamp(3), kind text, events text)`;
/** A CTE that writes a transition's timeline rows from parameter `param`, if `guard` (a condition) holds. */
export const insertEvents = (param: string, guard = "TRUE") =>
  `ev AS (INSERT INTO "ContinuationTransition" ("continuationId", at, kind, events)
     SELECT e.* FROM ${TRANSITION_RECORDSET.replace("$EVENTS", param)} WHERE ${guard})`;

/** Rewrites `@name` parameters as `$1…` and gives the values in that order. */
export function numbered(text: string, params: Record<string, unknown>): { text: string; values: unknown[] } {
  const order: string[] = [];
  const out = text.replace(/@([A-Za-z]+)/g, (_, name: string) => {
    let index = order.indexOf(name);
    if (index < 0) index = order.push(name) - 1;
    return `$${index + 1}`;
  });
  return { text: out, values: order.map((name) => params[name]) };
}
export const OUTCOME_RECORDSET = `json_to_recordset($RECORDS::json) AS r(id text, headers text, "statusCode" int,
  "responseHeaders" text, "responseBody" text, "errorMessage" text, "responseBytes" int, "sentAt" timestamp(3), "finishedAt" timestamp(3))`;
export const RECORD_SET = `status = 'done', headers = r.headers, "statusCode" = r."statusCode",
  "responseHeaders" = r."responseHeaders", "responseBody" = r."responseBody", "errorMessage" = r."errorMessage",
  "responseBytes" = r."responseBytes", "sentAt" = r."sentAt", "finishedAt" = r."finishedAt"`;
/** Notifies the change once per row the statement moved (`t` returns id, ownerId, status, step). */
export const notify = (kind: ContinuationChange["kind"], origin: string) =>
  `SELECT pg_notify('${CHANNEL}', json_build_object('origin', '${origin}', 'kind', '${kind}',
     'id', t.id, 'ownerId', t."ownerId", 'status', t.status, 'step', t.step)::text) FROM t`;

/**
 * `claim` in one statement: takes up to $4 leases no live instance holds ($1 owner, $2 until,
 * $3 now, $5 include the owner's own) and writes each takeover's timeline row (`from`: the
 * previous holder; $6 now as ISO text), returning the rows with `takenFrom`.
 */
export const CLAIM = `WITH picked AS (SELECT id, "leaseOwner" AS "takenFrom" FROM "Continuation" WHERE status = 'pending'
                 AND ("leaseExpiresAt" IS NULL OR "leaseExpiresAt" < $3 OR ($5 AND "leaseOwner" = $1))
               ORDER BY "createdAt" LIMIT $4 FOR UPDATE SKIP LOCKED),
         u AS (UPDATE "Continuation" AS c SET "leaseOwner" = $1, "leaseExpiresAt" = $2 FROM picked
               WHERE c.id = picked.id RETURNING c.*, picked."takenFrom"),
         ev AS (INSERT INTO "ContinuationTransition" ("continuationId", at, kind, events)
               SELECT u.id, $3::timestamp(3), 'taken_over', json_build_array(json_build_object('at', $6::text,
                 'kind', 'taken_over', 'step', u.step, 'label', NULL, 'instance', $1::text,
                 'detail', json_build_object('from', u."takenFrom")))::text FROM u)
         SELECT * FROM u`;
