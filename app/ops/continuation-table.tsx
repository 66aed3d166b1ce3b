import Link from "next/link";
import { Fragment } from "react";
import type { StuckReason } from "@/lib/continuation";
import type { OpsContinuation } from "@/lib/ops/list-continuations";
import { OpsTime } from "./ops-time";
import { StatusBadge } from "../status-badge";
import { TableHead } from "../(desk)/ui";

/** Why a continuation is stuck, in words; `openBreakers` names this instance's open ones. */
export function stuckInWords(reason: StuckReason, openBreakers: readonly string[]): string {
  switch (reason) {
    case "lease-expired":
      return "Lease expired — no instance holds it";
    case "past-deadline":
      return "Past its deadline";
    case "breaker-open":
      return `Waiting on an open breaker${openBreakers.length > 0 ? ` (${openBreakers.join(", ")})` : ""}`;
  }
}

/** `text` with line-break opportunities after its separators (`warranty.` `received`), not inside words. */
function Breakable({ text }: { text: string }) {
  const parts = text.split(/(?<=[.:/-])/);
  return (
    <>
      {parts.map((part, i) => (
        <Fragment key={i}>
          {part}
          {i < parts.length - 1 && <wbr />}
        </Fragment>
      ))}
    </>
  );
}

const COLUMNS = [
  "Continuation",
  "Status",
  "Callback",
  "Agent",
  "Subject",
  "Step",
  "Created",
  "Updated / finished",
  "Error",
  "Held by",
];

/** The console's list: stuck ones first (with the reason), then newest first; each opens its timeline. */
export function ContinuationTable({
  items,
  openBreakers,
}: {
  items: readonly OpsContinuation[];
  openBreakers: readonly string[];
}) {
  return (
    // Cards under 40rem (globals.css .card-table), hence the explicit roles.
    <div className="overflow-x-auto rounded-xl border border-slate-200 bg-white shadow-sm">
      <table role="table" aria-label="Continuations" className="card-table w-full text-left text-sm">
        <TableHead columns={COLUMNS} dense />
        <tbody role="rowgroup" className="divide-y divide-slate-100">
          {items.map((c) => (
            <tr role="row" key={c.id} className={c.stuck ? "bg-amber-50" : undefined}>
              <th role="rowheader" scope="row" className="px-3 py-2 align-top font-normal">
                <Link
                  href={`/ops/continuations/${c.id}`}
                  className="font-mono font-medium text-sky-800 underline-offset-2 hover:underline"
                >
                  {c.id.slice(0, 8)}
                  <span className="sr-only"> (open its timeline)</span>
                </Link>
                {c.stuck && (
                  <span data-testid="stuck" className="mt-1 block text-xs font-medium text-amber-900">
                    Stuck: {stuckInWords(c.stuck, openBreakers)}
                  </span>
                )}
              </th>
              <td role="cell" data-label="Status" className="px-3 py-2 align-top">
                <StatusBadge status={c.status} />
              </td>
              <td
                role="cell"
                data-label="Callback"
                className="px-3 py-2 align-top font-mono text-xs break-words"
              >
                <Breakable text={c.callbackName} />
              </td>
              <td role="cell" data-label="Agent" className="px-3 py-2 align-top">
                {c.agent ?? <span className="text-slate-500">(gone)</span>}
              </td>
              <td
                role="cell"
                data-label="Subject"
                className="px-3 py-2 align-top font-mono text-xs break-words"
              >
                {c.subject ? <Breakable text={c.subject} /> : "–"}
              </td>
              <td role="cell" data-label="Step" className="px-3 py-2 align-top tabular-nums">
                {c.step + 1}
              </td>
              <td role="cell" data-label="Created" className="px-3 py-2 align-top text-xs text-slate-600">
                <OpsTime at={c.createdAt} />
              </td>
              <td role="cell" data-label="Updated" className="px-3 py-2 align-top text-xs text-slate-600">
                <OpsTime at={c.finishedAt ?? c.updatedAt} />
              </td>
              <td role="cell" data-label="Error" className="px-3 py-2 align-top">
                {c.error ? (
                  <span title={c.error.message} className="font-mono text-xs text-red-800">
                    {c.error.code}
                  </span>
                ) : (
                  "–"
                )}
              </td>
              <td
                role="cell"
                data-label="Held by"
                className="px-3 py-2 align-top font-mono text-xs break-words"
              >
                {c.status === "pending" && c.leaseOwner ? <Breakable text={c.leaseOwner} /> : "–"}
              </td>
            </tr>
          ))}
        </tbody>
      </table>
    </div>
  );
}
