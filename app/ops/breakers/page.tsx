import type { Metadata } from "next";
import { listBreakerHistory, type BreakerHistoryEntry } from "@/lib/ops/list-breaker-history";
import { opsDeps, probeableCredentials } from "@/lib/server/ops";
import { requireOperator } from "@/lib/server/session";
import { Panel, TableHead } from "../../(desk)/ui";
import { OpsTime } from "../ops-time";
import { BreakerControls } from "./breaker-controls";

export const dynamic = "force-dynamic";
export const metadata: Metadata = { title: "Breakers · Operations" };

const REASONS: Record<string, string> = {
  failures: "failures in a row",
  probe: "a probe request",
  reset: "an operator's reset",
  "operator-probe": "an operator's probe",
};

const STATE_TONES: Record<string, string> = {
  closed: "bg-emerald-50 text-emerald-900 ring-emerald-200",
  open: "bg-red-50 text-red-800 ring-red-200",
  "half-open": "bg-amber-50 text-amber-900 ring-amber-200",
};

function StateBadge({ state }: { state: string }) {
  return (
    <span
      className={`inline-flex rounded-full px-2 py-0.5 text-xs font-medium ring-1 ${STATE_TONES[state] ?? STATE_TONES.closed}`}
    >
      {state}
    </span>
  );
}

export default async function BreakersPage() {
  await requireOperator();
  const { db, runtime } = opsDeps();
  const breakers = runtime.breakers();
  const history = await listBreakerHistory(
    db,
    breakers.map((b) => b.credential),
  );
  const probeable = probeableCredentials();
  return (
    <section aria-labelledby="breakers-heading" className="space-y-4">
      <div>
        <h1 id="breakers-heading" className="text-2xl font-semibold tracking-tight">
          Breakers
        </h1>
        <p className="text-sm text-slate-500">
          Breakers are per instance: the states, Probe and Reset here are this instance&apos;s,{" "}
          <strong className="font-mono font-medium text-slate-700">{runtime.instanceId}</strong>. The history
          lists every instance&apos;s transitions.
        </p>
      </div>
      {breakers.map((b) => (
        <Panel key={b.credential} id={`breaker-${b.credential}`} title={b.credential}>
          <div className="flex flex-wrap items-start justify-between gap-4">
            <dl className="grid grid-cols-[auto_1fr] gap-x-4 gap-y-1 text-sm">
              <dt className="text-slate-500">State</dt>
              <dd data-testid={`state-${b.credential}`}>
                <StateBadge state={b.state} />
              </dd>
              <dt className="text-slate-500">Failures in a row</dt>
              <dd className="tabular-nums">
                {b.consecutiveFailures} of {b.threshold}
              </dd>
              {b.openedAt && (
                <>
                  <dt className="text-slate-500">Opened</dt>
                  <dd className="text-xs text-slate-600">
                    <OpsTime at={b.openedAt} />
                  </dd>
                </>
              )}
              {b.probeAt && (
                <>
                  <dt className="text-slate-500">Tries again</dt>
                  <dd className="text-xs text-slate-600">
                    <OpsTime at={b.probeAt} />
                  </dd>
                </>
              )}
            </dl>
            <BreakerControls credential={b.credential} canProbe={probeable.has(b.credential)} />
          </div>
          <History credential={b.credential} entries={history.get(b.credential) ?? []} />
        </Panel>
      ))}
    </section>
  );
}

function History({ credential, entries }: { credential: string; entries: readonly BreakerHistoryEntry[] }) {
  if (entries.length === 0) {
    return <p className="mt-4 text-sm text-slate-500">No transitions recorded.</p>;
  }
  return (
    <div className="mt-4 overflow-x-auto">
      <table
        role="table"
        aria-label={`History of ${credential}`}
        className="card-table w-full text-left text-sm"
      >
        <TableHead columns={["When", "Became", "Because of", "Instance"]} dense />
        <tbody role="rowgroup" className="divide-y divide-slate-100">
          {entries.map((e, i) => (
            <tr role="row" key={`${e.at}-${i}`}>
              <th role="rowheader" scope="row" className="px-3 py-2 text-xs font-normal text-slate-600">
                <OpsTime at={e.at} />
              </th>
              <td role="cell" data-label="Became" className="px-3 py-2">
                <StateBadge state={e.state} />
              </td>
              <td role="cell" data-label="Because of" className="px-3 py-2">
                {REASONS[e.reason] ?? e.reason}
              </td>
              <td role="cell" data-label="Instance" className="px-3 py-2 font-mono text-xs break-all">
                {e.instance}
              </td>
            </tr>
          ))}
        </tbody>
      </table>
    </div>
  );
}
