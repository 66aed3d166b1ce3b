import { z } from "zod";
import type { Db, DbTransaction } from "@/lib/db";
import type { CalloutOutcome, ContinuationStore, NewStep, StoredCallout, StoredContinuation } from "./store";
import { buildSummary, type ContinuationSummary } from "./summary";

const HeadersSchema = z.record(z.string(), z.string());
const ContinuationStatusSchema = z.enum(["pending", "completed", "failed", "cancelled"]);
const CalloutStateSchema = z.enum(["pending", "sent", "done"]);

type ContinuationRow = Awaited<ReturnType<Db["continuation"]["findUniqueOrThrow"]>>;
type CalloutRow = Awaited<ReturnType<Db["callout"]["findUniqueOrThrow"]>>;

function parseHeaders(json: string | null): Record<string, string> {
  return json ? HeadersSchema.parse(JSON.parse(json)) : {};
}

// Rows are re-validated on the way out: the database is a boundary too.
function toCallout(row: CalloutRow): StoredCallout {
  return {
    ...row,
    headers: parseHeaders(row.headers),
    status: CalloutStateSchema.parse(row.status),
    responseHeaders: parseHeaders(row.responseHeaders),
  };
}

function toContinuation(row: ContinuationRow, callouts: CalloutRow[]): StoredContinuation {
  return {
    id: row.id,
    ownerId: row.ownerId,
    subject: row.subject,
    status: ContinuationStatusSchema.parse(row.status),
    step: row.step,
    version: row.version,
    idempotencyScope: row.idempotencyScope ?? row.id,
    retryOf: row.retryOf,
    initial:
      row.initialCallbackName !== null && row.initialState !== null && row.initialTimeoutSeconds !== null
        ? {
            callbackName: row.initialCallbackName,
            state: row.initialState,
            timeoutSeconds: row.initialTimeoutSeconds,
          }
        : null,
    callbackName: row.callbackName,
    state: row.state,
    timeoutSeconds: row.timeoutSeconds,
    deadlineAt: row.deadlineAt,
    result: row.result,
    errorCode: row.errorCode,
    errorMessage: row.errorMessage,
    summary: row.summary,
    createdAt: row.createdAt,
    updatedAt: row.updatedAt,
    finishedAt: row.finishedAt,
    callouts: callouts.filter((c) => c.step === row.step).map(toCallout),
  };
}

function calloutRows(continuationId: string, stepIndex: number, step: NewStep) {
  return step.callouts.map((c) => ({
    continuationId,
    step: stepIndex,
    label: c.label,
    method: c.method,
    url: c.url,
    headers: JSON.stringify(c.headers),
    body: c.body,
    idempotencyKey: c.idempotencyKey,
    requestBytes: c.requestBytes,
    status: "pending",
  }));
}

/** The continuation store on Prisma (SQLite by default). */
export class PrismaContinuationStore implements ContinuationStore {
  constructor(private readonly db: Db) {}

  async create(input: {
    id: string;
    ownerId: string;
    subject: string | null;
    step: NewStep;
    idempotencyScope?: string;
    retryOf?: string;
    createdAt: Date;
    lease: { owner: string; until: Date };
  }) {
    await this.db.$transaction([
      this.db.continuation.create({
        data: {
          id: input.id,
          ownerId: input.ownerId,
          subject: input.subject,
          status: "pending",
          step: 0,
          createdAt: input.createdAt,
          leaseOwner: input.lease.owner,
          leaseExpiresAt: input.lease.until,
          callbackName: input.step.callbackName,
          state: input.step.state,
          timeoutSeconds: input.step.timeoutSeconds,
          deadlineAt: input.step.deadlineAt,
          idempotencyScope: input.idempotencyScope ?? null,
          retryOf: input.retryOf ?? null,
          initialCallbackName: input.step.callbackName,
          initialState: input.step.state,
          initialTimeoutSeconds: input.step.timeoutSeconds,
        },
      }),
      this.db.callout.createMany({ data: calloutRows(input.id, 0, input.step) }),
    ]);
  }

  async find(id: string) {
    const row = await this.db.continuation.findUnique({ where: { id } });
    if (!row) return null;
    const callouts = await this.db.callout.findMany({
      where: { continuationId: id, step: row.step },
      orderBy: { label: "asc" },
    });
    return toContinuation(row, callouts);
  }

  async findCallouts(id: string, step: number) {
    const rows = await this.db.callout.findMany({
      where: { continuationId: id, step },
      orderBy: { label: "asc" },
    });
    return rows.map(toCallout);
  }

  async findLatestBySubject(ownerId: string, subjects: readonly string[]) {
    if (subjects.length === 0) return [];
    const rows = await this.db.continuation.findMany({
      where: { ownerId, subject: { in: [...subjects] } },
      orderBy: { createdAt: "desc" },
    });
    const latest = new Map<string, ContinuationRow>();
    for (const row of rows) if (row.subject && !latest.has(row.subject)) latest.set(row.subject, row);
    const ids = [...latest.values()].map((r) => r.id);
    const callouts = await this.db.callout.findMany({ where: { continuationId: { in: ids } } });
    return [...latest.values()].map((row) =>
      toContinuation(
        row,
        callouts.filter((c) => c.continuationId === row.id),
      ),
    );
  }

  async listClaimable(owner: string, now: Date, limit: number) {
    const rows = await this.db.continuation.findMany({
      where: {
        status: "pending",
        OR: [{ leaseExpiresAt: null }, { leaseExpiresAt: { lt: now } }, { leaseOwner: owner }],
      },
      select: { id: true },
      orderBy: { createdAt: "asc" },
      take: limit,
    });
    return rows.map((r) => r.id);
  }

  async claimLease(id: string, owner: string, until: Date, now: Date) {
    // One conditional UPDATE: the database decides which instance gets it (a row lock on PostgreSQL,
    // the write lock on SQLite), so two instances never both win.
    const { count } = await this.db.continuation.updateMany({
      where: {
        id,
        status: "pending",
        OR: [{ leaseExpiresAt: null }, { leaseExpiresAt: { lt: now } }, { leaseOwner: owner }],
      },
      data: { leaseOwner: owner, leaseExpiresAt: until },
    });
    return count === 1;
  }

  async renewLeases(ids: readonly string[], owner: string, until: Date) {
    if (ids.length === 0) return;
    await this.db.continuation.updateMany({
      where: { id: { in: [...ids] }, leaseOwner: owner, status: "pending" },
      data: { leaseExpiresAt: until },
    });
  }

  async releaseLeases(ids: readonly string[], owner: string, now: Date) {
    if (ids.length === 0) return;
    await this.db.continuation.updateMany({
      where: { id: { in: [...ids] }, leaseOwner: owner },
      data: { leaseExpiresAt: now },
    });
  }

  async listChangedSince(since: Date) {
    return this.db.continuation.findMany({
      where: { updatedAt: { gt: since } },
      select: { id: true, ownerId: true, updatedAt: true },
      orderBy: { updatedAt: "asc" },
      take: 500,
    });
  }

  async markSent(calloutId: string, at: Date) {
    await this.db.callout.updateMany({
      where: { id: calloutId, status: "pending" },
      data: { status: "sent", sentAt: at },
    });
  }

  async recordOutcome(calloutId: string, outcome: CalloutOutcome) {
    const { count } = await this.db.callout.updateMany({
      where: { id: calloutId, status: { in: ["pending", "sent"] } },
      data: {
        status: "done",
        headers: JSON.stringify(outcome.requestHeaders),
        statusCode: outcome.statusCode,
        responseHeaders: JSON.stringify(outcome.headers),
        responseBody: outcome.body,
        errorMessage: outcome.errorMessage,
        responseBytes: outcome.responseBytes,
        finishedAt: outcome.finishedAt,
      },
    });
    return count === 1;
  }

  transaction<T>(work: (tx: DbTransaction) => Promise<T>, options: { timeoutMs: number }) {
    return this.db.$transaction(work, { timeout: options.timeoutMs, maxWait: options.timeoutMs });
  }

  async claimStep(tx: DbTransaction, id: string, version: number, leaseOwner: string) {
    const { count } = await tx.continuation.updateMany({
      where: { id, version, status: "pending", leaseOwner },
      data: { version: { increment: 1 } },
    });
    return count === 1;
  }

  async advance(tx: DbTransaction, id: string, nextStep: number, step: NewStep) {
    await tx.callout.createMany({ data: calloutRows(id, nextStep, step) });
    await tx.continuation.update({
      where: { id },
      data: {
        step: nextStep,
        callbackName: step.callbackName,
        state: step.state,
        timeoutSeconds: step.timeoutSeconds,
        deadlineAt: step.deadlineAt,
      },
    });
  }

  async forgetResponses(tx: DbTransaction, id: string, step: number) {
    await tx.callout.updateMany({
      where: { continuationId: id, step },
      data: { responseBody: null, responseHeaders: "{}" },
    });
  }

  async complete(tx: DbTransaction, id: string, result: string, at: Date) {
    const summary = await this.summarize(tx, id, "completed", at);
    await tx.continuation.update({
      where: { id },
      data: { status: "completed", result, finishedAt: at, summary: JSON.stringify(summary) },
    });
    return summary;
  }

  async finish(
    id: string,
    status: "failed" | "cancelled",
    error: { code: string; message: string },
    at: Date,
  ) {
    return this.db.$transaction(async (tx) => {
      const { count } = await tx.continuation.updateMany({
        where: { id, status: "pending" },
        data: { status, errorCode: error.code, errorMessage: error.message, finishedAt: at },
      });
      if (count === 0) return null;
      const summary = await this.summarize(tx, id, status, at);
      await tx.continuation.update({ where: { id }, data: { summary: JSON.stringify(summary) } });
      return summary;
    });
  }

  private async summarize(
    tx: DbTransaction,
    id: string,
    status: "completed" | "failed" | "cancelled",
    at: Date,
  ): Promise<ContinuationSummary> {
    const row = await tx.continuation.findUniqueOrThrow({ where: { id } });
    const callouts = await tx.callout.findMany({ where: { continuationId: id } });
    return buildSummary(row, status, callouts.map(toCallout), at);
  }
}
