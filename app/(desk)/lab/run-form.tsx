"use client";

import { useState } from "react";
import { parseFormWholeNumber } from "@/lib/form-input";
import {
  LAB_MODE_LABELS,
  LAB_MODES,
  LabRunInputSchema,
  type LabMode,
  type LabRunInput,
} from "@/lib/lab/lab-types";
import type { LabLimits } from "@/lib/lab/lab-presets";
import { Button, SessionEnded } from "../ui";
import { describeSettings, PresetPicker } from "./preset-picker";
import type { LabRunRefusal } from "./use-lab-run";

export type { LabLimits };

type NumberField = "agents" | "erpLatencyMs" | "durationSeconds";
type FieldErrors = Partial<Record<NumberField | "mode", string>>;

const FIELDS: Record<NumberField, { label: string; unit?: string; hint: string }> = {
  agents: { label: "Simulated agents", hint: "1 to 1,000; each clicks again about 1 s after its answer" },
  erpLatencyMs: { label: "ERP latency", unit: "ms", hint: "0 to 60,000 ms per warranty lookup" },
  durationSeconds: { label: "Duration", unit: "s", hint: "5 to 300 s of clicking" },
};

function explain(mode: LabMode, limits: LabLimits): string {
  const seconds = (ms: number) => `${ms / 1_000} s`;
  switch (mode) {
    case "synchronous":
      return `The request waits for the ERP, held to the org limit: once ${limits.maxLongRunning} requests have run over ${seconds(limits.longRunningAfterMs)}, new ones are refused.`;
    case "fail-fast":
      return `The request waits for the ERP at most ${seconds(limits.failFastTimeoutMs)}, then gives up.`;
    case "continuation":
      return "The request returns at once; the answer follows when the ERP has it.";
  }
}

// An empty field is "not a number", not 0.

function validate(values: { mode: LabMode } & Record<NumberField, string>) {
  const parsed = LabRunInputSchema.safeParse({
    mode: values.mode,
    agents: parseFormWholeNumber(values.agents),
    erpLatencyMs: parseFormWholeNumber(values.erpLatencyMs),
    durationSeconds: parseFormWholeNumber(values.durationSeconds),
  });
  if (parsed.success) return { input: parsed.data, errors: {} };
  const errors: FieldErrors = {};
  for (const issue of parsed.error.issues) {
    const field = issue.path[0] as keyof FieldErrors;
    errors[field] ??= `${field === "mode" ? "Mode" : FIELDS[field].label} ${issue.message}.`;
  }
  return { input: null, errors };
}

/** The run's settings: mode, agents, ERP latency and duration, checked before they are sent. */
export function RunForm({
  limits,
  isRunning,
  refusal,
  onStart,
}: {
  limits: LabLimits;
  isRunning: boolean;
  refusal: LabRunRefusal | null;
  onStart: (input: LabRunInput) => void;
}) {
  const [mode, setMode] = useState<LabMode>("synchronous");
  const [numbers, setNumbers] = useState<Record<NumberField, string>>({
    agents: "100",
    erpLatencyMs: "6000",
    durationSeconds: "30",
  });
  const [errors, setErrors] = useState<FieldErrors>({});
  const [picked, setPicked] = useState<string | null>(null);

  const submit = () => {
    const { input, errors } = validate({ mode, ...numbers });
    setErrors(errors);
    if (input) onStart(input);
    else document.getElementById(`lab-${Object.keys(errors)[0]}`)?.focus();
  };

  return (
    <form
      noValidate
      aria-label="Run settings"
      className="space-y-5"
      onSubmit={(event) => {
        event.preventDefault();
        submit();
      }}
    >
      <PresetPicker
        limits={limits}
        onPick={({ name, settings }) => {
          setNumbers({
            agents: String(settings.agents),
            erpLatencyMs: String(settings.erpLatencyMs),
            durationSeconds: String(settings.durationSeconds),
          });
          setErrors({});
          setPicked(`${name} filled in: ${describeSettings(settings)}. Choose a mode and press Run.`);
        }}
      />
      <p role="status" className="text-sm text-slate-600">
        {picked}
      </p>
      <fieldset>
        <legend className="mb-2 text-sm font-medium text-slate-700">
          How Get warranty waits for the ERP
        </legend>
        <div className="grid gap-3 sm:grid-cols-3">
          {LAB_MODES.map((option) => (
            <label
              key={option}
              className={`flex cursor-pointer items-start gap-3 rounded-lg border p-3 text-sm ${
                mode === option ? "border-sky-600 bg-sky-50 ring-1 ring-sky-600" : "border-slate-200 bg-white"
              }`}
            >
              <input
                type="radio"
                name="mode"
                value={option}
                checked={mode === option}
                onChange={() => setMode(option)}
                aria-labelledby={`mode-${option}-label`}
                aria-describedby={`mode-${option}-help`}
                className="mt-0.5 accent-sky-700"
              />
              <span>
                <span id={`mode-${option}-label`} className="block font-medium text-slate-900">
                  {LAB_MODE_LABELS[option]}
                </span>
                <span id={`mode-${option}-help`} className="mt-0.5 block text-slate-600">
                  {explain(option, limits)}
                </span>
              </span>
            </label>
          ))}
        </div>
      </fieldset>

      <div className="flex flex-wrap items-start gap-x-6 gap-y-4">
        {(Object.keys(FIELDS) as NumberField[]).map((name) => (
          <NumberInput
            key={name}
            name={name}
            {...FIELDS[name]}
            value={numbers[name]}
            error={errors[name]}
            onChange={(value) => {
              setNumbers((current) => ({ ...current, [name]: value }));
              setPicked(null);
              setErrors(({ [name]: _fixed, ...rest }) => rest);
            }}
          />
        ))}
        <div className="pt-6">
          <Button type="submit" disabled={isRunning}>
            {isRunning ? "Running…" : "Run"}
          </Button>
        </div>
      </div>

      {refusal?.code === "UNAUTHENTICATED" ? (
        <SessionEnded message={refusal.message} />
      ) : (
        refusal && (
          <p role="alert" className="text-sm text-red-700">
            <span className="font-medium">The run did not start.</span> {refusal.message}
          </p>
        )
      )}
    </form>
  );
}

function NumberInput({
  name,
  label,
  unit,
  hint,
  value,
  error,
  onChange,
}: {
  name: NumberField;
  label: string;
  unit?: string;
  hint: string;
  value: string;
  error: string | undefined;
  onChange: (value: string) => void;
}) {
  const id = `lab-${name}`;
  return (
    <div className="text-sm">
      <label htmlFor={id} className="mb-1 block font-medium text-slate-700">
        {label}
      </label>
      <div className="flex items-center gap-2">
        <input
          id={id}
          type="number"
          inputMode="numeric"
          value={value}
          onChange={(e) => onChange(e.target.value)}
          aria-invalid={!!error}
          aria-describedby={`${id}-hint${error ? ` ${id}-error` : ""}`}
          className={`w-28 rounded-md border px-3 py-1.5 ${error ? "border-red-500" : "border-slate-300"}`}
        />
        {unit && <span className="text-slate-500">{unit}</span>}
      </div>
      <p id={`${id}-hint`} className="mt-1 text-xs text-slate-500">
        {hint}
      </p>
      {error && (
        <p id={`${id}-error`} className="mt-1 text-xs text-red-700">
          {error}
        </p>
      )}
    </div>
  );
}
