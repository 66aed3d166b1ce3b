import type { Metadata } from "next";
import Link from "next/link";
import { AUDIT_LIMIT, listAudit, type AuditEntry } from "@/lib/ops/list-audit";
import { opsDeps } from "@/lib/server/ops";
import { requireOperator } from "@/lib/server/session";
import { OpsTime } from "../ops-time";
import { TableHead } from "../../(desk)/ui";

export const dynamic = "force-dynamic";
export const metadata: Metadata = { title: "Audit · Operations" };

const link = "font-medium text-sky-800 underline-offset-2 hover:underline";

/** What was done, in words (an operator's probe says what came of it). */
function what(entry: AuditEntry) {
  const d = entry.detail ?? {};
  switch (entry.action) {
    case "started":
      return "Started";
    case "cancelled":
      return "Cancelled";
    case "retried":
      return typeof d.retryOf === "string" ? (
        <>
          Retried{" "}
          <Link href={`/ops/continuations/${d.retryOf}`} className={`${link} font-mono`}>
            {d.retryOf.slice(0, 8)}
          </Link>
        </>
      ) : (
        "Retried"
      );
    case "breaker.probe": {
      const answer =
        typeof d.statusCode === "number" && d.statusCode < 2000
          ? `HTTP ${d.statusCode}`
          : `no answer (${String(d.statusCode)})`;
      return `Probed the breaker: ${answer}, ${String(d.state)} afterwards`;
    }
    case "breaker.reset":
      return `Reset the breaker (it was ${String(d.previous)})`;
    default:
      return entry.action;
  }
}

function Target({ entry }: { entry: AuditEntry }) {
  if (entry.target.kind === "breaker") {
    return (
      <Link href="/ops/breakers" className={link}>
        Breaker {entry.target.credential}
      </Link>
    );
  }
  return (
    <Link href={`/ops/continuations/${entry.target.id}`} className={link}>
      <span className="font-mono">{entry.target.id.slice(0, 8)}</span>
      {entry.target.callbackName && (
        <span className="ml-1 text-xs text-slate-500">{entry.target.callbackName}</span>
      )}
    </Link>
  );
}

export default async function AuditPage() {
  await requireOperator();
  const entries = await listAudit(opsDeps());
  return (
    <section aria-labelledby="audit-heading" className="space-y-4">
      <div>
        <h1 id="audit-heading" className="text-2xl font-semibold tracking-tight">
          Audit
        </h1>
        <p className="text-sm text-slate-500">
          Who started, retried and cancelled what, and every operator action: the newest {AUDIT_LIMIT}, newest
          first.
        </p>
      </div>
      {entries.length === 0 ? (
        <p className="rounded-xl border border-dashed border-slate-300 bg-white p-8 text-center text-sm text-slate-500">
          Nothing recorded yet.
        </p>
      ) : (
        <div className="overflow-x-auto rounded-xl border border-slate-200 bg-white shadow-sm">
          <table role="table" aria-label="Audit trail" className="card-table w-full text-left text-sm">
            <TableHead columns={["When", "Who", "What", "Target"]} />
            <tbody role="rowgroup" className="divide-y divide-slate-100">
              {entries.map((entry) => (
                <tr role="row" key={entry.key}>
                  <th role="rowheader" scope="row" className="px-4 py-2 text-xs font-normal text-slate-600">
                    <OpsTime at={entry.at} />
                  </th>
                  <td role="cell" data-label="Who" className="px-4 py-2">
                    {entry.who ?? <span className="text-slate-500">(gone)</span>}
                    {entry.by === "operator" && (
                      <span className="ml-2 rounded bg-slate-100 px-1.5 py-0.5 text-xs text-slate-600">
                        operator
                      </span>
                    )}
                  </td>
                  <td role="cell" data-label="What" className="px-4 py-2">
                    {what(entry)}
                  </td>
                  <td role="cell" data-label="Target" className="px-4 py-2 break-all">
                    <Target entry={entry} />
                  </td>
                </tr>
              ))}
            </tbody>
          </table>
        </div>
      )}
    </section>
  );
}
