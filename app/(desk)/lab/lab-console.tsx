"use client";

import { Panel, SessionEnded } from "../ui";
import { ModeComparison } from "./mode-comparison";
import { RunForm, type LabLimits } from "./run-form";
import { RunResults } from "./run-results";
import { LabRunRefusal, useLabComparison, useLabRun } from "./use-lab-run";

/** The lab: the run's settings, the last run of each mode side by side, and the latest run, live. */
export function LabConsole({ limits }: { limits: LabLimits }) {
  const lab = useLabRun();
  const comparison = useLabComparison(lab.run);
  const refusal = lab.start.error instanceof LabRunRefusal ? lab.start.error : null;

  return (
    <div className="space-y-6">
      <Panel id="settings" title="New run">
        <RunForm
          limits={limits}
          isRunning={lab.isRunning}
          refusal={refusal}
          onStart={(input) => lab.start.mutate(input)}
        />
      </Panel>

      <Panel id="compare" title="Compare the modes">
        {comparison.runs ? (
          <ModeComparison runs={comparison.runs} />
        ) : comparison.error instanceof LabRunRefusal ? (
          <SessionEnded message={comparison.error.message} />
        ) : comparison.error ? (
          <p role="alert" className="text-sm text-red-700">
            {comparison.error.message}
          </p>
        ) : (
          <p className="text-sm text-slate-500">Loading the last run of each mode…</p>
        )}
      </Panel>

      <Panel id="run" title="Latest run">
        {lab.readError instanceof LabRunRefusal ? (
          <SessionEnded message={lab.readError.message} />
        ) : lab.readError && !lab.run ? (
          <p role="alert" className="text-sm text-red-700">
            {lab.readError.message}
          </p>
        ) : lab.isLoading ? (
          <p className="text-sm text-slate-500">Loading the latest run…</p>
        ) : lab.run ? (
          <RunResults run={lab.run} />
        ) : (
          <p className="text-sm text-slate-500">
            No run on this server since it started. Choose the settings and press Run.
          </p>
        )}
      </Panel>
    </div>
  );
}
