import type { BreakerView } from "../egress/breaker";
import { credentialOf } from "../egress/endpoints";
import type {
  CalloutState,
  ContinuationFilter,
  ContinuationStatus,
  StoredContinuation,
  StoredEvent,
} from "../store/model";
import type { ContinuationStore } from "../store/store";
import type { ContinuationSummary } from "../store/summary";

/** Why a pending continuation is not moving: checked in this order. */
export type StuckReason = "lease-expired" | "past-deadline" | "breaker-open";

/**
 * A continuation as an operator sees it: where it stands and why it may be stuck. No state, no
 * request or response bodies: domain data only as far as a timeline needs it.
 */
export interface OperatorRecord {
  id: string;
  ownerId: string;
  subject: string | null;
  /** The registered name of the current (or last) step's callback. */
  callbackName: string;
  status: ContinuationStatus;
  step: number;
  error: { code: string; message: string } | null;
  retryOf: string | null;
  createdAt: string;
  updatedAt: string;
  finishedAt: string | null;
  deadlineAt: string;
  /** The instance driving it, and until when; null when none holds it. */
  leaseOwner: string | null;
  leaseExpiresAt: string | null;
  /** Set for a pending continuation that is not moving, else null. */
  stuck: StuckReason | null;
}

/** One callout of a timeline: everything but its headers and bodies. */
export interface TimelineCallout {
  step: number;
  label: string;
  method: string;
  /** As the action wrote it (`callout:ERP/...`): never holds secrets. */
  url: string;
  /** The named credential it goes through, or null for an allow-listed URL. */
  credential: string | null;
  idempotencyKey: string;
  state: CalloutState;
  statusCode: number | null;
  errorMessage: string | null;
  requestBytes: number;
  responseBytes: number | null;
  sentAt: string | null;
  finishedAt: string | null;
}

/** Everything a continuation's timeline page shows. */
export interface Timeline {
  continuation: OperatorRecord & {
    /** Serialized size of the current (or last) step's state. */
    stateBytes: number;
    idempotencyScope: string;
    summary: ContinuationSummary | null;
  };
  /** Every step's callouts, by step then label. */
  callouts: TimelineCallout[];
  /** Its events in the order they were written. */
  events: StoredEvent[];
}

/** What the operators' console lists: the matches (stuck ones first) and how many there are by status. */
export interface OperatorList {
  items: OperatorRecord[];
  counts: Record<ContinuationStatus, number>;
}

/** Why `c` is stuck at `now`, given the breakers; null when it is moving (or has ended). */
export function stuckReason(
  c: StoredContinuation,
  now: Date,
  breakers: readonly BreakerView[],
): StuckReason | null {
  if (c.status !== "pending") return null;
  if (c.leaseExpiresAt === null || c.leaseExpiresAt < now) return "lease-expired";
  if (c.deadlineAt < now) return "past-deadline";
  const open = new Set(breakers.filter((b) => b.state !== "closed").map((b) => b.credential));
  const waiting = c.callouts.filter((x) => x.step === c.step && x.status !== "done");
  return waiting.some((x) => open.has(credentialOf(x.url) ?? "")) ? "breaker-open" : null;
}

function toOperatorRecord(c: StoredContinuation, stuck: StuckReason | null): OperatorRecord {
  return {
    id: c.id,
    ownerId: c.ownerId,
    subject: c.subject,
    callbackName: c.callbackName,
    status: c.status,
    step: c.step,
    error: c.errorCode ? { code: c.errorCode, message: c.errorMessage ?? c.errorCode } : null,
    retryOf: c.retryOf,
    createdAt: c.createdAt.toISOString(),
    updatedAt: c.updatedAt.toISOString(),
    finishedAt: c.finishedAt?.toISOString() ?? null,
    deadlineAt: c.deadlineAt.toISOString(),
    leaseOwner: c.leaseOwner,
    leaseExpiresAt: c.leaseExpiresAt?.toISOString() ?? null,
    stuck,
  };
}

/** The operators' reads over the store (`Runtime.operations`, `Runtime.timeline`). */
export function createInspector(deps: {
  store: ContinuationStore<unknown>;
  breakers: () => readonly BreakerView[];
  now: () => Date;
}) {
  const { store } = deps;
  return {
    /** Everyone's continuations matching `filter`: stuck ones first, then newest first. */
    async list(filter: ContinuationFilter, limit: number): Promise<OperatorList> {
      const [rows, counts] = await Promise.all([store.search(filter, limit), store.countByStatus(filter)]);
      const now = deps.now();
      const breakers = deps.breakers();
      const items = rows.map((c) => toOperatorRecord(c, stuckReason(c, now, breakers)));
      // A stable sort keeps the store's newest-first order within each group.
      items.sort((a, b) => Number(b.stuck !== null) - Number(a.stuck !== null));
      return { items, counts };
    },

    /** A continuation's timeline, for `viewer`: its owner, or an operator. Null for anyone else. */
    async timeline(id: string, viewer: { ownerId: string } | { operator: true }): Promise<Timeline | null> {
      const c = await store.find(id, { allSteps: true });
      if (!c || ("ownerId" in viewer && c.ownerId !== viewer.ownerId)) return null;
      const events = await store.listEvents(id);
      return {
        continuation: {
          ...toOperatorRecord(c, stuckReason(c, deps.now(), deps.breakers())),
          stateBytes: Buffer.byteLength(c.state, "utf8"),
          idempotencyScope: c.idempotencyScope,
          summary: c.summary === null ? null : (JSON.parse(c.summary) as ContinuationSummary),
        },
        callouts: c.callouts.map((x) => ({
          step: x.step,
          label: x.label,
          method: x.method,
          url: x.url,
          credential: credentialOf(x.url),
          idempotencyKey: x.idempotencyKey,
          state: x.status,
          statusCode: x.statusCode,
          errorMessage: x.errorMessage,
          requestBytes: x.requestBytes,
          responseBytes: x.responseBytes,
          sentAt: x.sentAt?.toISOString() ?? null,
          finishedAt: x.finishedAt?.toISOString() ?? null,
        })),
        events,
      };
    },
  };
}
