import Link from "next/link";
import { CONTINUATION_STATUSES, type ContinuationQueryText } from "@/lib/ops/continuation-query";
import { OpsTimeZone } from "./ops-time";

const field =
  "block w-full rounded-md border border-slate-300 bg-white px-2.5 py-1.5 text-sm shadow-sm focus:border-sky-500 focus:ring-2 focus:ring-sky-200 focus:outline-none";
const label = "block text-xs font-medium text-slate-600";

/**
 * The console's filter: a GET form, so the filter lives in the address and a link shares it.
 * `values` fills it in as sent (also when it was refused).
 */
export function ContinuationFilter({
  values,
  callbackNames,
}: {
  values: ContinuationQueryText;
  callbackNames: readonly string[];
}) {
  return (
    <form
      method="get"
      action="/ops"
      aria-label="Filter continuations"
      className="grid grid-cols-1 gap-3 rounded-xl border border-slate-200 bg-white p-4 shadow-sm sm:grid-cols-2 lg:grid-cols-6"
    >
      <div className="space-y-1">
        <label htmlFor="filter-status" className={label}>
          Status
        </label>
        <select id="filter-status" name="status" defaultValue={values.status} className={field}>
          <option value="">Any status</option>
          {CONTINUATION_STATUSES.map((s) => (
            <option key={s} value={s}>
              {s}
            </option>
          ))}
        </select>
      </div>
      <div className="space-y-1">
        <label htmlFor="filter-callback" className={label}>
          Callback
        </label>
        <select id="filter-callback" name="callback" defaultValue={values.callback} className={field}>
          <option value="">Any callback</option>
          {callbackNames.map((name) => (
            <option key={name} value={name}>
              {name}
            </option>
          ))}
        </select>
      </div>
      <div className="space-y-1">
        <label htmlFor="filter-agent" className={label}>
          Agent
        </label>
        <input
          id="filter-agent"
          name="agent"
          defaultValue={values.agent}
          placeholder="e.g. alice"
          autoComplete="off"
          className={field}
        />
      </div>
      <div className="space-y-1">
        <label htmlFor="filter-from" className={label}>
          Created from
        </label>
        <input
          id="filter-from"
          name="from"
          type="datetime-local"
          defaultValue={values.from}
          aria-describedby="filter-zone"
          className={field}
        />
      </div>
      <div className="space-y-1">
        <label htmlFor="filter-to" className={label}>
          Created before
        </label>
        <input
          id="filter-to"
          name="to"
          type="datetime-local"
          defaultValue={values.to}
          aria-describedby="filter-zone"
          className={field}
        />
      </div>
      <div className="flex items-end gap-3">
        <button
          type="submit"
          className="rounded-md bg-sky-700 px-3 py-1.5 text-sm font-medium text-white shadow-sm hover:bg-sky-800"
        >
          Apply
        </button>
        <Link href="/ops" className="text-sm font-medium text-slate-600 underline-offset-2 hover:underline">
          Clear
        </Link>
      </div>
      <p id="filter-zone" className="text-xs text-slate-500 sm:col-span-2 lg:col-span-6">
        Times are in your time zone (<OpsTimeZone />
        ).
      </p>
    </form>
  );
}
