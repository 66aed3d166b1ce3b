"use client";

import { Panel, SessionEnded } from "../ui";
import { RunForm, type LabLimits } from "./run-form";
import { RunResults } from "./run-results";
import { LabRunRefusal, useLabRun } from "./use-lab-run";

/** The lab: the run's settings, then the latest run of this server, live while it runs. */
export function LabConsole({ limits }: { limits: LabLimits }) {
  const lab = useLabRun();
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
            No run on this server yet. Choose the settings and press Run.
          </p>
        )}
      </Panel>
    </div>
  );
}
