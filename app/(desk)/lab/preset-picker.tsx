"use client";

import { labPresets, type LabLimits, type LabPreset } from "@/lib/lab/lab-presets";
import { formatCount } from "./lab-format";

/** "50 agents · ERP 6 s · 30 s" */
export function describeSettings({ agents, erpLatencyMs, durationSeconds }: LabPreset["settings"]): string {
  const latency =
    erpLatencyMs < 1_000 ? `${erpLatencyMs} ms` : `${Number((erpLatencyMs / 1_000).toFixed(1))} s`;
  return `${formatCount(agents)} ${agents === 1 ? "agent" : "agents"} · ERP ${latency} · ${durationSeconds} s`;
}

/** Ready-made settings: one click fills the form (the mode stays as chosen). */
export function PresetPicker({ limits, onPick }: { limits: LabLimits; onPick: (preset: LabPreset) => void }) {
  const presets = labPresets(limits);
  return (
    <fieldset>
      <legend className="mb-1 text-sm font-medium text-slate-700">Presets</legend>
      <p id="lab-presets-help" className="mb-2 text-sm text-slate-600">
        One click fills in the numbers below. Then run the same preset once in each mode: the three cards
        under <span className="font-medium">Compare the modes</span> keep each mode&apos;s last run, side by
        side.
      </p>
      <ul className="grid gap-3 md:grid-cols-3">
        {presets.map((preset, index) => (
          <li
            key={preset.name}
            className="flex min-w-0 flex-col rounded-lg border border-slate-200 p-3 text-sm"
          >
            <button
              type="button"
              onClick={() => onPick(preset)}
              aria-describedby={`lab-preset-${index}-look-for`}
              className="self-start rounded-md border border-sky-700 px-3 py-1.5 text-left font-medium text-sky-800 hover:bg-sky-50"
            >
              {preset.name}: {describeSettings(preset.settings)}
            </button>
            <p id={`lab-preset-${index}-look-for`} className="mt-2 text-slate-600">
              {preset.lookFor}
            </p>
          </li>
        ))}
      </ul>
    </fieldset>
  );
}
