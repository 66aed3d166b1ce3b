"use client";

import { useQuery, useQueryClient } from "@tanstack/react-query";
import { useEffect } from "react";

/** The query key of the navigation's count; invalidate it after a change the stream does not carry. */
export const ATTENTION_COUNT_KEY = ["attention", "count"] as const;

// Many continuations change together (an outage, a burst of results): count once they settle.
const DEBOUNCE_MS = 400;

async function fetchCount({ signal }: { signal: AbortSignal }): Promise<number> {
  const response = await fetch("/api/attention", { signal, cache: "no-store" });
  if (!response.ok)
    throw new Error(`Could not count the items that need attention (HTTP ${response.status}).`);
  return ((await response.json()) as { count: number }).count;
}

/**
 * How many items need the agent's attention: the server's `initial` count at first, re-counted
 * (debounced) whenever one of the agent's continuations changes in the page's query cache (the
 * ContinuationBroker puts every pushed change there), or when something invalidates
 * `ATTENTION_COUNT_KEY` (a Dismiss). Every component using it on a page shares one query.
 */
export function useAttentionCount(initial: number): number {
  const queryClient = useQueryClient();
  const { data = initial } = useQuery({
    queryKey: ATTENTION_COUNT_KEY,
    queryFn: fetchCount,
    initialData: initial,
    staleTime: 10_000,
  });

  useEffect(() => {
    let timer: ReturnType<typeof setTimeout> | undefined;
    const unsubscribe = queryClient.getQueryCache().subscribe((event) => {
      if (event.query.queryKey[0] !== "continuation" || event.type !== "updated") return;
      if (event.action.type !== "success") return;
      clearTimeout(timer);
      timer = setTimeout(
        () => void queryClient.invalidateQueries({ queryKey: ATTENTION_COUNT_KEY }),
        DEBOUNCE_MS,
      );
    });
    return () => {
      clearTimeout(timer);
      unsubscribe();
    };
  }, [queryClient]);
  return data;
}

/** "1 item needs attention", "3 items need attention". */
export const attentionLabel = (count: number) =>
  count === 1 ? "1 item needs attention" : `${count} items need attention`;

/**
 * The navigation's badge: how many items need the agent's attention, kept current while the page
 * is open (`useAttentionCount`); nothing when there are none. `initial`: `getAttentionCount()`.
 */
export function AttentionCount({ initial }: { initial: number }) {
  const count = useAttentionCount(initial);
  if (count === 0) return null;
  const label = attentionLabel(count);
  return (
    <span
      title={label}
      className="ml-1.5 inline-flex min-w-5 items-center justify-center rounded-full bg-amber-500 px-1.5 text-xs leading-5 font-semibold text-white"
    >
      <span aria-hidden>{count}</span>
      <span className="sr-only">{label}</span>
    </span>
  );
}

/** The worklist page's own live summary ("3 items need attention"), beside its heading. */
export function AttentionSummary({ initial }: { initial: number }) {
  const count = useAttentionCount(initial);
  return <p className="text-sm text-slate-500">{count === 0 ? "Nothing to do" : attentionLabel(count)}</p>;
}
