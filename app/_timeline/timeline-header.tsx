import Link from "next/link";
import type { ReactNode } from "react";
import type { Timeline } from "@/lib/continuation";
import { StatusBadge } from "../status-badge";
import { ExactTime } from "./exact-time";
import { formatBytes, formatDuration, STUCK_WORDS } from "./timeline-words";

/** A fact of the header besides the continuation's own (an operator sees whose work it is). */
export interface TimelineFact {
  term: string;
  value: ReactNode;
}

const STATUS_WORDS = { pending: "Pending", completed: "Completed", failed: "Failed", cancelled: "Cancelled" };

function Fact({ term, children }: { term: string; children: ReactNode }) {
  return (
    <div className="min-w-0">
      <dt className="text-xs font-medium tracking-wide text-slate-500 uppercase">{term}</dt>
      <dd className="mt-0.5 text-sm break-words text-slate-900">{children}</dd>
    </div>
  );
}

/**
 * What the continuation is and where it stands: status, times, total duration, state size,
 * idempotency scope, the instance holding it, and why it is stuck if it is.
 */
export function TimelineHeader({
  timeline,
  durationMs,
  facts,
  hrefOf,
}: {
  timeline: Timeline;
  /** First event to last (the waterfall's axis). */
  durationMs: number;
  facts: readonly TimelineFact[];
  hrefOf: (id: string) => string;
}) {
  const c = timeline.continuation;
  return (
    <div className="space-y-4">
      <div className="flex flex-wrap items-center gap-2">
        <StatusBadge status={c.status} large data-testid="timeline-status">
          {STATUS_WORDS[c.status]}
          {c.status === "pending" ? ` at step ${c.step + 1}` : ""}
        </StatusBadge>
        {c.error && (
          <span className="text-sm text-red-700">
            <span className="font-mono">{c.error.code}</span>: {c.error.message}
          </span>
        )}
      </div>
      {c.stuck && (
        <p className="rounded-md bg-amber-50 px-3 py-2 text-sm text-amber-900 ring-1 ring-amber-200">
          {STUCK_WORDS[c.stuck]}
        </p>
      )}
      <dl className="grid grid-cols-1 gap-x-6 gap-y-3 sm:grid-cols-2 lg:grid-cols-3">
        {facts.map((fact) => (
          <Fact key={fact.term} term={fact.term}>
            {fact.value}
          </Fact>
        ))}
        <Fact term="Started">
          <ExactTime at={c.createdAt} withDate />
        </Fact>
        <Fact term="Finished">{c.finishedAt ? <ExactTime at={c.finishedAt} withDate /> : "Not yet"}</Fact>
        <Fact term="Total duration">{formatDuration(durationMs)}</Fact>
        <Fact term="Callback">
          <span className="font-mono">{c.callbackName}</span>
        </Fact>
        <Fact term="State size">{formatBytes(c.stateBytes)}</Fact>
        <Fact term="Idempotency scope">
          <span className="font-mono text-xs break-all">{c.idempotencyScope}</span>
        </Fact>
        <Fact term="Held by">
          {c.status !== "pending" ? (
            "No instance: it has ended"
          ) : c.leaseOwner ? (
            <>
              {c.leaseOwner}
              {c.leaseExpiresAt && (
                <span className="text-slate-500">
                  {" "}
                  until <ExactTime at={c.leaseExpiresAt} />
                </span>
              )}
            </>
          ) : (
            "No instance"
          )}
        </Fact>
        <Fact term="Deadline">
          <ExactTime at={c.deadlineAt} withDate />
        </Fact>
        {c.retryOf && (
          <Fact term="Retry of">
            <Link href={hrefOf(c.retryOf)} className="font-mono break-all text-sky-800 underline">
              {c.retryOf}
            </Link>
          </Fact>
        )}
        <Fact term="Id">
          <span className="font-mono text-xs break-all">{c.id}</span>
        </Fact>
      </dl>
    </div>
  );
}
