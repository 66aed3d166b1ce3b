import type { Metadata } from "next";
import Link from "next/link";
import {
  CONTINUATION_STATUSES,
  OPS_LIST_LIMIT,
  parseContinuationQuery,
  queryText,
  type SearchParams,
} from "@/lib/ops/continuation-query";
import { listContinuations, type OpsContinuationList } from "@/lib/ops/list-continuations";
import { callbackNames, opsDeps } from "@/lib/server/ops";
import { requireOperator } from "@/lib/server/session";
import { agentTimeZone } from "@/lib/server/time-zone";
import { ContinuationFilter } from "./continuation-filter";
import { ContinuationTable } from "./continuation-table";

export const dynamic = "force-dynamic";
export const metadata: Metadata = { title: "Continuations · Operations" };

export default async function ContinuationsPage({ searchParams }: { searchParams: Promise<SearchParams> }) {
  await requireOperator();
  const params = await searchParams;
  const names = callbackNames();
  const parsed = parseContinuationQuery(params, { callbackNames: names, timeZone: await agentTimeZone() });
  const deps = opsDeps();
  const list: OpsContinuationList | null = parsed.ok ? await listContinuations(deps, parsed.query) : null;
  const problems = parsed.ok ? (list?.problem ? [list.problem] : []) : parsed.problems;
  const openBreakers = deps.runtime
    .breakers()
    .filter((b) => b.state !== "closed")
    .map((b) => b.credential);
  const text = queryText(params);

  return (
    <section aria-labelledby="continuations-heading" className="space-y-4">
      <div>
        <h1 id="continuations-heading" className="text-2xl font-semibold tracking-tight">
          Continuations
        </h1>
        <p className="text-sm text-slate-500">
          Every agent&apos;s continuations: the stuck ones first, then the newest (at most {OPS_LIST_LIMIT}).
        </p>
      </div>
      <ContinuationFilter values={text} callbackNames={names} />
      {problems.length > 0 && (
        <div role="alert" className="rounded-md bg-red-50 px-4 py-3 text-sm text-red-800">
          <p className="font-medium">The filter was not applied:</p>
          <ul className="mt-1 list-disc pl-5">
            {problems.map((p) => (
              <li key={p}>{p}</li>
            ))}
          </ul>
        </div>
      )}
      {list && !list.problem && (
        <>
          <StatusCounts counts={list.counts} params={params} current={text.status} />
          {list.items.length === 0 ? (
            <p className="rounded-xl border border-dashed border-slate-300 bg-white p-8 text-center text-sm text-slate-500">
              No continuation matches this filter.
            </p>
          ) : (
            <ContinuationTable items={list.items} openBreakers={openBreakers} />
          )}
        </>
      )}
    </section>
  );
}

/** How many match by status; each count links to the same filter with that status. */
function StatusCounts({
  counts,
  params,
  current,
}: {
  counts: OpsContinuationList["counts"];
  params: SearchParams;
  current: string;
}) {
  const total = CONTINUATION_STATUSES.reduce((sum, s) => sum + counts[s], 0);
  const href = (status: string) => {
    const query = new URLSearchParams();
    for (const [key, value] of Object.entries(params)) {
      const first = Array.isArray(value) ? value[0] : value;
      if (key !== "status" && first) query.set(key, first);
    }
    if (status) query.set("status", status);
    const text = query.toString();
    return text ? `/ops?${text}` : "/ops";
  };
  const items = [{ status: "", label: "All", count: total }].concat(
    CONTINUATION_STATUSES.map((s) => ({
      status: s,
      label: s[0]!.toUpperCase() + s.slice(1),
      count: counts[s],
    })),
  );
  return (
    <nav aria-label="Counts by status">
      <ul className="flex flex-wrap gap-2 text-sm">
        {items.map((item) => (
          <li key={item.label}>
            <Link
              href={href(item.status)}
              aria-current={item.status === current ? "true" : undefined}
              data-testid={`count-${item.status || "all"}`}
              className={`inline-flex items-center gap-2 rounded-md border px-3 py-1.5 ${
                item.status === current
                  ? "border-sky-300 bg-sky-50 text-sky-900"
                  : "border-slate-200 bg-white text-slate-700 hover:bg-slate-50"
              }`}
            >
              {item.label}
              <span className="font-semibold tabular-nums">{item.count}</span>
            </Link>
          </li>
        ))}
      </ul>
    </nav>
  );
}
