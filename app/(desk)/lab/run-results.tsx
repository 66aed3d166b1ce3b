"use client";

import { LAB_MODE_LABELS, type LabRunView } from "@/lib/lab/lab-types";
import { labVerdict } from "@/lib/lab/lab-verdict";
import { describeBreaker, formatClock } from "../erp-status";
import { formatCount, formatDuration, formatShare } from "./lab-format";
import { RunCharts } from "./run-charts";

/** What the run was asked to do, in one line. */
function settingsOf({ input }: LabRunView): string {
  return [
    LAB_MODE_LABELS[input.mode],
    `${formatCount(input.agents)} ${input.agents === 1 ? "agent" : "agents"}`,
    `ERP latency ${formatCount(input.erpLatencyMs)} ms`,
    `${input.durationSeconds} s`,
  ].join(" · ");
}

function statusLine(run: LabRunView): string {
  // Rounded like the percentage beside it, so "2 s of 5 s" sits next to "40 %", not "1 s".
  const elapsed = Math.round(run.elapsedMs / 1_000);
  if (run.status === "running") {
    const { inFlight } = run.totals;
    return run.elapsedMs < run.input.durationSeconds * 1_000
      ? `Running: ${elapsed} s of ${run.input.durationSeconds} s`
      : `Clicking has stopped; waiting for ${formatCount(inFlight)} ${inFlight === 1 ? "answer" : "answers"} still in flight`;
  }
  const finished = run.finishedAt ? ` at ${formatClock(run.finishedAt)}` : "";
  return `${run.status === "failed" ? "Failed" : "Finished"}${finished}, after ${elapsed} s`;
}

/** The latest run: progress, totals, latencies, charts, what agents were told, and the breakers. */
export function RunResults({ run }: { run: LabRunView }) {
  const percent = Math.round(run.progress * 100);
  return (
    <div className="space-y-6">
      <div className="space-y-2">
        <div className="flex flex-wrap items-baseline justify-between gap-2 text-sm">
          <p className="font-medium text-slate-900">{settingsOf(run)}</p>
          <p className="text-slate-500">Started {formatClock(run.startedAt)}</p>
        </div>
        <div
          role="progressbar"
          aria-label="Run progress"
          aria-valuemin={0}
          aria-valuemax={100}
          aria-valuenow={percent}
          aria-valuetext={`${percent} %`}
          className="h-2.5 overflow-hidden rounded-full bg-slate-200"
        >
          <div
            className={`h-full rounded-full transition-[width] duration-500 ${
              run.status === "failed" ? "bg-red-600" : "bg-sky-600"
            }`}
            style={{ width: `${percent}%` }}
          />
        </div>
        <p className="text-sm text-slate-600">
          {statusLine(run)} · {percent} %
        </p>
        {/* Always there, so screen readers announce the verdict when the run finishes. */}
        <p role="status" className="text-base font-medium text-slate-900">
          {run.status === "finished" ? labVerdict(run) : ""}
        </p>
        {run.status === "failed" && run.error && (
          <p role="alert" className="text-sm text-red-700">
            <span className="font-medium">The run itself failed.</span> {run.error}
          </p>
        )}
      </div>

      <Totals run={run} />
      <Latency run={run} />
      <RunCharts run={run} />
      <div className="grid gap-6 lg:grid-cols-[2fr_1fr]">
        <Messages run={run} />
        <Breakers run={run} />
      </div>
    </div>
  );
}

function Totals({ run }: { run: LabRunView }) {
  const { clicks, succeeded, refused, failed, inFlight } = run.totals;
  const answered = succeeded + refused + failed;
  const stats = [
    {
      label: "Clicks",
      value: clicks,
      note: run.status === "running" ? "sent so far" : "sent in all",
      tone: "text-slate-900",
    },
    {
      label: "Succeeded",
      value: succeeded,
      note: `${formatShare(succeeded, answered)} of answers`,
      tone: "text-emerald-700",
    },
    { label: "Refused", value: refused, note: "by the org limit", tone: "text-amber-700" },
    { label: "Failed", value: failed, note: "timeouts and errors", tone: "text-red-700" },
    { label: "In flight", value: inFlight, note: "waiting for an answer", tone: "text-sky-700" },
  ];
  return (
    <ul aria-label="Totals" className="grid grid-cols-2 gap-3 sm:grid-cols-5">
      {stats.map((stat) => (
        <li
          key={stat.label}
          aria-label={`${stat.label}: ${formatCount(stat.value)}`}
          className="rounded-lg border border-slate-200 bg-white p-3"
        >
          <p className="text-xs font-medium tracking-wide text-slate-500 uppercase">{stat.label}</p>
          <p className={`text-3xl font-semibold tabular-nums ${stat.tone}`}>{formatCount(stat.value)}</p>
          <p className="text-xs text-slate-500">{stat.note}</p>
        </li>
      ))}
    </ul>
  );
}

function Latency({ run }: { run: LabRunView }) {
  const { latency } = run;
  const values = [
    { label: "p50", help: "half within", value: latency?.p50 },
    { label: "p95", help: "95 % within", value: latency?.p95 },
    { label: "p99", help: "99 % within", value: latency?.p99 },
    { label: "max", help: "the slowest", value: latency?.max },
  ];
  return (
    <section aria-labelledby="latency-heading">
      <h3 id="latency-heading" className="mb-2 text-sm font-semibold text-slate-900">
        Click to result, succeeded clicks
      </h3>
      {latency ? (
        <ul aria-label="Click to result" className="grid grid-cols-2 gap-3 sm:grid-cols-4">
          {values.map(({ label, help, value }) => (
            <li
              key={label}
              aria-label={`${label}: ${formatDuration(value ?? 0)}`}
              className="rounded-lg border border-slate-200 bg-white p-3"
            >
              <p className="text-xs font-medium text-slate-500">
                <span className="font-semibold text-slate-700">{label}</span> · {help}
              </p>
              <p className="text-2xl font-semibold text-slate-900 tabular-nums">
                {formatDuration(value ?? 0)}
              </p>
            </li>
          ))}
        </ul>
      ) : (
        <p className="text-sm text-slate-500">No click has succeeded yet.</p>
      )}
    </section>
  );
}

function Messages({ run }: { run: LabRunView }) {
  return (
    <section aria-labelledby="messages-heading">
      <h3 id="messages-heading" className="mb-2 text-sm font-semibold text-slate-900">
        What agents were told when a click did not succeed
      </h3>
      {run.messages.length === 0 ? (
        <p className="text-sm text-slate-500">No click was refused or failed.</p>
      ) : (
        <div className="overflow-hidden rounded-lg border border-slate-200 bg-white">
          <table aria-labelledby="messages-heading" className="w-full text-left text-sm">
            <thead className="bg-slate-50 text-xs tracking-wide text-slate-500 uppercase">
              <tr>
                <th scope="col" className="px-3 py-2 font-medium">
                  Outcome
                </th>
                <th scope="col" className="px-3 py-2 font-medium">
                  Message
                </th>
                <th scope="col" className="px-3 py-2 text-right font-medium">
                  Clicks
                </th>
              </tr>
            </thead>
            <tbody className="divide-y divide-slate-100">
              {run.messages.map((m) => (
                <tr key={`${m.outcome}:${m.message}`}>
                  <td className="px-3 py-2">
                    <span
                      className={`rounded-full px-2 py-0.5 text-xs font-medium ring-1 ring-inset ${
                        m.outcome === "refused"
                          ? "bg-amber-50 text-amber-800 ring-amber-200"
                          : "bg-red-50 text-red-800 ring-red-200"
                      }`}
                    >
                      {m.outcome === "refused" ? "Refused" : "Failed"}
                    </span>
                  </td>
                  <td className="px-3 py-2 break-words text-slate-700">{m.message}</td>
                  <td className="px-3 py-2 text-right tabular-nums">{formatCount(m.count)}</td>
                </tr>
              ))}
            </tbody>
          </table>
        </div>
      )}
    </section>
  );
}

function Breakers({ run }: { run: LabRunView }) {
  return (
    <section aria-labelledby="breakers-heading">
      <h3 id="breakers-heading" className="mb-2 text-sm font-semibold text-slate-900">
        Circuit breakers
      </h3>
      <ul aria-labelledby="breakers-heading" className="space-y-2">
        {run.breakers.map((b) => (
          <li
            key={b.credential}
            aria-label={`${b.credential}: ${b.state}`}
            className="rounded-lg border border-slate-200 bg-white p-3 text-sm"
          >
            <div className="flex items-center justify-between gap-2">
              <span className="font-mono font-medium text-slate-900">{b.credential}</span>
              <span
                className={`rounded-full px-2 py-0.5 text-xs font-medium ring-1 ring-inset ${
                  b.state === "open"
                    ? "bg-red-50 text-red-800 ring-red-200"
                    : b.state === "half-open"
                      ? "bg-amber-50 text-amber-800 ring-amber-200"
                      : "bg-emerald-50 text-emerald-800 ring-emerald-200"
                }`}
              >
                {b.state}
              </span>
            </div>
            <p className="mt-1 text-xs text-slate-500">
              {capitalize(describeBreaker(b))}. {b.consecutiveFailures}{" "}
              {b.consecutiveFailures === 1 ? "failure" : "failures"} in a row (it opens at {b.threshold}).
            </p>
          </li>
        ))}
      </ul>
    </section>
  );
}

const capitalize = (text: string) => text.charAt(0).toUpperCase() + text.slice(1);
