"use client";

import {
  LAB_MODE_LABELS,
  LAB_MODES,
  type LabComparison,
  type LabMode,
  type LabRunView,
} from "@/lib/lab/lab-types";
import { labVerdict } from "@/lib/lab/lab-verdict";
import { formatClock } from "../erp-status";
import { formatCount, formatDuration } from "./lab-format";
import { describeSettings } from "./preset-picker";

const TONES: Record<"good" | "mixed" | "bad", string> = {
  good: "border-emerald-300 bg-emerald-50",
  mixed: "border-amber-300 bg-amber-50",
  bad: "border-red-300 bg-red-50",
};

function toneOf({ totals }: LabRunView): keyof typeof TONES {
  const answered = totals.succeeded + totals.refused + totals.failed;
  if (answered > 0 && totals.succeeded === answered) return "good";
  return totals.succeeded === 0 ? "bad" : "mixed";
}

/** The last finished run of each mode, side by side, each with its verdict in one sentence. */
export function ModeComparison({ runs }: { runs: LabComparison }) {
  return (
    <ul aria-label="Last run of each mode" className="grid gap-3 md:grid-cols-3">
      {LAB_MODES.map((mode) => (
        <li key={mode} className="min-w-0">
          <ModeCard mode={mode} run={runs[mode]} />
        </li>
      ))}
    </ul>
  );
}

function ModeCard({ mode, run }: { mode: LabMode; run: LabRunView | null }) {
  const headingId = `compare-${mode}-heading`;
  if (!run) {
    return (
      <article aria-labelledby={headingId} className="h-full rounded-lg border border-slate-200 p-4 text-sm">
        <h3 id={headingId} className="font-semibold text-slate-900">
          {LAB_MODE_LABELS[mode]}
        </h3>
        <p className="mt-2 text-slate-600">
          Not run yet. Choose {LAB_MODE_LABELS[mode]} above and press Run.
        </p>
      </article>
    );
  }
  const { totals, latency, input } = run;
  return (
    <article
      aria-labelledby={headingId}
      className={`h-full rounded-lg border p-4 text-sm ${TONES[toneOf(run)]}`}
    >
      <h3 id={headingId} className="font-semibold text-slate-900">
        {LAB_MODE_LABELS[mode]}
      </h3>
      <p className="mt-2 text-base font-medium text-slate-900">{labVerdict(run)}</p>
      <dl className="mt-3 grid grid-cols-[auto_1fr] gap-x-3 gap-y-1 text-slate-700">
        <dt>Settings</dt>
        <dd>{describeSettings(input)}</dd>
        <dt>Answered</dt>
        <dd>
          {formatCount(totals.succeeded)} succeeded, {formatCount(totals.refused)} refused,{" "}
          {formatCount(totals.failed)} failed
        </dd>
        <dt>Median wait</dt>
        <dd>{latency ? formatDuration(latency.p50) : "no answer"}</dd>
        <dt>Finished</dt>
        <dd>{run.finishedAt ? formatClock(run.finishedAt) : "–"}</dd>
      </dl>
    </article>
  );
}
