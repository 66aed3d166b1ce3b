"use client";

import type { ReactNode } from "react";
import {
  Bar,
  BarChart,
  CartesianGrid,
  Legend,
  Line,
  LineChart,
  ResponsiveContainer,
  Tooltip,
  XAxis,
  YAxis,
} from "recharts";
import type { LabRunView } from "@/lib/lab/lab-types";

// Tailwind's emerald-600, amber-500, red-600, sky-600, violet-600 and slate-200/500.
const COLORS = {
  succeeded: "#059669",
  refused: "#f59e0b",
  failed: "#dc2626",
  sync: "#0284c7",
  suspended: "#7c3aed",
  grid: "#e2e8f0",
  axis: "#64748b",
};
const AXIS = { stroke: COLORS.axis, fontSize: 12 };
const LABEL = { fill: COLORS.axis, fontSize: 12 };
const MARGIN = { top: 8, right: 16, bottom: 24, left: 8 };
// In the order the series are drawn, in the page's text colour (amber text would be hard to read).
const legend = (
  <Legend
    verticalAlign="top"
    height={32}
    itemSorter={null}
    iconType="square"
    wrapperStyle={{ fontSize: 12 }}
    formatter={(value: string) => <span className="text-slate-700">{value}</span>}
  />
);
// Small, and the series in the order of the legend (recharts sorts them by name).
const SERIES = ["succeeded", "refused", "failed", "inFlightSync", "suspended", "count"];
const TOOLTIP = {
  contentStyle: { fontSize: 12, borderRadius: 6, borderColor: COLORS.grid },
  itemStyle: { padding: 0 },
  itemSorter: (item: { dataKey?: unknown }) => SERIES.indexOf(String(item.dataKey)),
};
// Live data every 500 ms: animating each update would only make the bars wobble.
const LIVE = { isAnimationActive: false } as const;

/** The run's three charts: answers per second, the latency histogram, and what waits meanwhile. */
export function RunCharts({ run }: { run: LabRunView }) {
  // The time axes span the whole run from the start, so the charts fill in rather than rescale.
  const end = Math.max(run.input.durationSeconds, (run.timeline.at(-1)?.second ?? 0) + 1);
  // One bar per second; the seconds still to come are there, empty (not zero).
  const answers = Array.from({ length: end }, (_, second) => run.timeline[second] ?? { second });
  // The gauges are samples taken at the end of each second.
  const waiting = [
    { at: 0, inFlightSync: 0, suspended: 0 },
    ...run.timeline.map((point) => ({ ...point, at: point.second + 1 })),
  ];
  const timeLabel = {
    value: "Time since the run started (s)",
    position: "insideBottom",
    offset: -16,
    ...LABEL,
  } as const;
  const countAxis = (label: string) => (
    <YAxis
      allowDecimals={false}
      tick={AXIS}
      stroke={COLORS.axis}
      width={56}
      label={{
        value: label,
        angle: -90,
        position: "insideLeft",
        offset: 8,
        style: { textAnchor: "middle" },
        ...LABEL,
      }}
    />
  );

  return (
    <div className="grid gap-4 lg:grid-cols-2">
      <Chart
        id="answers-chart"
        title="Answers per second"
        description="Clicks answered in each second, by what the agent got."
        className="lg:col-span-2"
      >
        <BarChart data={answers} margin={MARGIN} barCategoryGap={1}>
          <CartesianGrid stroke={COLORS.grid} vertical={false} />
          <XAxis dataKey="second" tick={AXIS} stroke={COLORS.axis} minTickGap={8} label={timeLabel} />
          {countAxis("Clicks answered")}
          <Tooltip {...TOOLTIP} labelFormatter={(second) => `${second}–${Number(second) + 1} s`} />
          {legend}
          <Bar dataKey="succeeded" name="Succeeded" stackId="answers" fill={COLORS.succeeded} {...LIVE} />
          <Bar dataKey="refused" name="Refused" stackId="answers" fill={COLORS.refused} {...LIVE} />
          <Bar dataKey="failed" name="Failed" stackId="answers" fill={COLORS.failed} {...LIVE} />
        </BarChart>
      </Chart>

      <Chart
        id="latency-chart"
        title="Latency of succeeded clicks"
        description="How many succeeded clicks took how long, from click to result."
        emptyMessage={run.histogram.length === 0 ? "No click has succeeded yet." : null}
      >
        <LatencyHistogram run={run} countAxis={countAxis("Clicks")} />
      </Chart>

      <Chart
        id="waiting-chart"
        title="Requests waiting for the ERP"
        description="Synchronous requests hold a server request open; continuations wait in the database."
      >
        <LineChart data={waiting} margin={MARGIN}>
          <CartesianGrid stroke={COLORS.grid} vertical={false} />
          <XAxis
            dataKey="at"
            type="number"
            domain={[0, end]}
            allowDecimals={false}
            tick={AXIS}
            stroke={COLORS.axis}
            label={timeLabel}
          />
          {countAxis("Requests")}
          <Tooltip {...TOOLTIP} labelFormatter={(at) => `At ${at} s`} />
          {legend}
          <Line
            dataKey="inFlightSync"
            name="Synchronous in flight"
            stroke={COLORS.sync}
            strokeWidth={2}
            dot={false}
            type="linear"
            {...LIVE}
          />
          <Line
            dataKey="suspended"
            name="Suspended continuations"
            stroke={COLORS.suspended}
            strokeWidth={2}
            dot={false}
            type="linear"
            {...LIVE}
          />
        </LineChart>
      </Chart>
    </div>
  );
}

function LatencyHistogram({ run, countAxis }: { run: LabRunView; countAxis: ReactNode }) {
  // Milliseconds while every result is under 2 s; seconds (with the buckets' precision) beyond.
  const inSeconds = (run.histogram.at(-1)?.toMs ?? 0) > 2_000;
  const width = (run.histogram[0]?.toMs ?? 0) - (run.histogram[0]?.fromMs ?? 0);
  const decimals = inSeconds ? Math.max(0, Math.ceil(-Math.log10(width / 1_000))) : 0;
  const format = (ms: number) => (inSeconds ? (ms / 1_000).toFixed(decimals) : String(ms));
  const unit = inSeconds ? "s" : "ms";
  const data = run.histogram.map((bucket) => ({
    ...bucket,
    label: format(bucket.fromMs),
    range: `${format(bucket.fromMs)}–${format(bucket.toMs)} ${unit}`,
  }));
  return (
    <BarChart data={data} margin={MARGIN} barCategoryGap={1}>
      <CartesianGrid stroke={COLORS.grid} vertical={false} />
      <XAxis
        dataKey="label"
        tick={AXIS}
        stroke={COLORS.axis}
        label={{
          value: `Click to result (${unit}, bucket start)`,
          position: "insideBottom",
          offset: -16,
          ...LABEL,
        }}
      />
      {countAxis}
      <Tooltip {...TOOLTIP} labelFormatter={(_, payload) => String(payload[0]?.payload?.range ?? "")} />
      {legend}
      <Bar dataKey="count" name="Succeeded clicks" fill={COLORS.succeeded} {...LIVE} />
    </BarChart>
  );
}

function Chart({
  id,
  title,
  description,
  className = "",
  emptyMessage = null,
  children,
}: {
  id: string;
  title: string;
  description: string;
  className?: string;
  /** Shown instead of the chart when there is nothing to draw yet. */
  emptyMessage?: string | null;
  children: ReactNode;
}) {
  return (
    <figure
      aria-labelledby={id}
      aria-describedby={`${id}-description`}
      className={`rounded-lg border border-slate-200 bg-white p-4 ${className}`}
    >
      <figcaption id={id} className="text-sm font-semibold text-slate-900">
        {title}
      </figcaption>
      <p id={`${id}-description`} className="mb-2 text-xs text-slate-500">
        {description}
      </p>
      {/* A fixed height: ResponsiveContainer measures its parent, which must not depend on the chart. */}
      <div className="h-64">
        {emptyMessage ? (
          <p className="flex h-full items-center justify-center text-sm text-slate-500">{emptyMessage}</p>
        ) : (
          <ResponsiveContainer width="100%" height="100%">
            {children}
          </ResponsiveContainer>
        )}
      </div>
    </figure>
  );
}
