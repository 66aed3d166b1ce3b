import type { ReactNode } from "react";
import type { Attempt, BarPosition, CalloutRow, StepGroup, TimelineLayout } from "./timeline-layout";
import {
  describeStatus,
  formatBytes,
  formatDuration,
  formatOffset,
  OUTCOME_WORDS,
  outcomeKindOf,
  type OutcomeKind,
} from "./timeline-words";

const BAR_TONES: Record<OutcomeKind, string> = {
  ok: "bg-emerald-600",
  error: "bg-red-600",
  runtime: "bg-amber-500",
  pending:
    "bg-sky-400 bg-[repeating-linear-gradient(135deg,transparent_0_4px,rgb(255_255_255/0.45)_4px_8px)]",
};
const DOT_TONES: Record<OutcomeKind, string> = {
  ok: "bg-emerald-600",
  error: "bg-red-600",
  runtime: "bg-amber-500",
  pending: "bg-sky-400",
};
// A failed attempt that was retried: hatched, so it reads apart from the final outcome without colour.
const RETRIED_TONE =
  "bg-red-300 bg-[repeating-linear-gradient(45deg,transparent_0_3px,rgb(127_29_29/0.5)_3px_5px)]";

const place = (p: BarPosition) => ({ left: `${p.left}%`, width: `${p.width}%` });

/** A two-column row: what it is on the left (wide screens), its bar on the axis on the right. */
function Row({ head, bar, children }: { head: ReactNode; bar: ReactNode; children?: ReactNode }) {
  return (
    <div className="grid grid-cols-1 gap-x-4 gap-y-1 sm:grid-cols-[12rem_minmax(0,1fr)]">
      <div className="min-w-0 text-sm">{head}</div>
      <div className="relative h-5 rounded bg-slate-100" aria-hidden>
        {bar}
      </div>
      {children && <div className="min-w-0 sm:col-start-2">{children}</div>}
    </div>
  );
}

function Fact({ term, children }: { term: string; children: ReactNode }) {
  return (
    <div className="flex min-w-0 gap-1">
      <dt className="text-slate-500">{term}:</dt>{" "}
      <dd className="min-w-0 break-all text-slate-800">{children}</dd>
    </div>
  );
}

function AttemptWords({ attempt }: { attempt: Attempt }) {
  const status = attempt.statusCode === null ? "no answer" : describeStatus(attempt.statusCode);
  return (
    <li>
      Attempt {attempt.attempt}: {status}
      {attempt.error && !attempt.isLast ? ` (${attempt.error})` : ""}
      {attempt.isLast ? "" : ", retried"}
    </li>
  );
}

function CalloutItem({ row, start }: { row: CalloutRow; start: number }) {
  const { callout } = row;
  const kind = outcomeKindOf(callout.statusCode);
  const id = `callout-${callout.step}-${callout.label}`;
  const span =
    row.from === null
      ? "not sent yet"
      : `${formatOffset(row.from - start)} → ${row.to === null ? "still waiting" : `${formatOffset(row.to - start)} (${formatDuration(row.to - row.from)})`}`;
  return (
    <li aria-labelledby={id} className="py-2">
      <Row
        head={
          <>
            <span id={id} className="font-mono font-medium">
              {callout.label}
            </span>{" "}
            <span
              className="block truncate text-xs text-slate-500"
              title={`${callout.method} ${callout.url}`}
            >
              {callout.method} {callout.url}
            </span>
          </>
        }
        bar={row.segments.map((s) => (
          <span
            key={s.attempt}
            className={`absolute inset-y-0.5 rounded-sm border-r-2 border-white ${s.isLast ? BAR_TONES[kind] : RETRIED_TONE}`}
            style={place(s.position)}
          />
        ))}
      >
        <dl className="flex flex-wrap gap-x-4 gap-y-0.5 text-xs">
          <Fact term="Outcome">
            <span className={`mr-1 inline-block size-2 rounded-full ${DOT_TONES[kind]}`} aria-hidden />
            {callout.statusCode === null ? OUTCOME_WORDS.pending : describeStatus(callout.statusCode)}
          </Fact>
          <Fact term="Time">{span}</Fact>
          <Fact term="Attempts">{row.attempts}</Fact>
          <Fact term="Request">{formatBytes(callout.requestBytes)}</Fact>
          <Fact term="Response">
            {callout.responseBytes === null ? "none" : formatBytes(callout.responseBytes)}
          </Fact>
          <Fact term="Idempotency key">
            <span className="font-mono">{callout.idempotencyKey}</span>
          </Fact>
          {callout.credential && <Fact term="Credential">{callout.credential}</Fact>}
          <Fact term="Instance">{row.instance ?? "unknown"}</Fact>
        </dl>
        {row.segments.length > 1 && (
          <ol aria-label={`Attempts of ${callout.label}`} className="mt-1 text-xs text-slate-600">
            {row.segments.map((s) => (
              <AttemptWords key={s.attempt} attempt={s} />
            ))}
          </ol>
        )}
        {callout.errorMessage && <p className="mt-1 text-xs text-red-700">{callout.errorMessage}</p>}
      </Row>
    </li>
  );
}

function StepSection({ group, start }: { group: StepGroup; start: number }) {
  const id = `step-${group.step}`;
  const { callback } = group;
  return (
    <section aria-labelledby={id} className="border-t border-slate-100 pt-3">
      <h3 id={id} className="mb-1 text-sm font-semibold">
        Step {group.step + 1}
        {group.callbackName && (
          <span className="font-normal text-slate-600">
            {" "}
            · callback <span className="font-mono">{group.callbackName}</span>
          </span>
        )}
      </h3>
      <ul aria-label={`Callouts of step ${group.step + 1}`} className="divide-y divide-slate-50">
        {group.callouts.map((row) => (
          <CalloutItem key={row.callout.label} row={row} start={start} />
        ))}
      </ul>
      <Row
        head={<span className="text-slate-600">Callback</span>}
        bar={
          callback && (
            <span
              className="absolute inset-y-0.5 rounded-sm bg-violet-600"
              style={place(callback.position)}
            />
          )
        }
      >
        <p className="text-xs text-slate-600">
          {callback
            ? `Committed at ${formatOffset(callback.at - start)} after running ${formatDuration(callback.ms)}${
                callback.stateBytes === null ? "" : `; state ${formatBytes(callback.stateBytes)}`
              }.`
            : "Not run yet."}
        </p>
      </Row>
    </section>
  );
}

/** The axis labels: offsets from the start, on the bar column. */
function AxisRow({ layout }: { layout: TimelineLayout }) {
  const { span } = layout.axis;
  return (
    <div className="grid grid-cols-1 gap-x-4 sm:grid-cols-[12rem_minmax(0,1fr)]" aria-hidden>
      <div className="hidden sm:block" />
      <div className="relative h-5 border-b border-slate-300 text-[11px] text-slate-500">
        {layout.ticks.map((t, i) => {
          const left = (t / span) * 100;
          const shift = i === 0 ? "" : left > 90 ? "-translate-x-full" : "-translate-x-1/2";
          return (
            <span
              key={t}
              className={`absolute top-0 whitespace-nowrap tabular-nums ${shift}`}
              style={{ left: `${left}%` }}
            >
              {formatDuration(t)}
            </span>
          );
        })}
      </div>
    </div>
  );
}

/**
 * The waterfall: one group per chain step, one bar per callout on a shared time axis (its failed
 * attempts hatched), and the step's callback as a bar of its own. Every bar is repeated in words
 * beside it, so nothing depends on colour or on seeing the bars.
 */
export function Waterfall({ layout }: { layout: TimelineLayout }) {
  const { start, span } = layout.axis;
  return (
    <div className="space-y-3">
      <p className="text-xs text-slate-500">
        Time axis from the first event to the last: {formatDuration(span)}. Bars: green answered, red error,
        amber runtime code, hatched a failed attempt that was retried, violet the callback.
      </p>
      <AxisRow layout={layout} />
      {layout.steps.map((group) => (
        <StepSection key={group.step} group={group} start={start} />
      ))}
    </div>
  );
}
