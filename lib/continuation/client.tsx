"use client";

import { useQuery, useQueryClient, type QueryClient } from "@tanstack/react-query";
import { useEffect, type ReactNode } from "react";
import { laterView, type ContinuationView } from "./engine/view";

/** The TanStack Query key of a continuation's view. */
export const continuationQueryKey = (id: string) => ["continuation", id] as const;

/** Puts a view of a continuation in the query cache, unless the cache already holds a later one. */
export function rememberView(queryClient: QueryClient, view: ContinuationView): void {
  queryClient.setQueryData<ContinuationView>(continuationQueryKey(view.id), (current) =>
    laterView(current, view),
  );
}

function refetchPending(queryClient: QueryClient) {
  return queryClient.invalidateQueries({
    queryKey: ["continuation"],
    predicate: (query) => (query.state.data as ContinuationView | undefined)?.status === "pending",
  });
}

// How long the broker waits before it opens a new stream after the browser gave one up, at first
// and at most (doubling in between).
const REOPEN_FIRST_MS = 1_000;
const REOPEN_MAX_MS = 30_000;

/**
 * The page's one connection to the server (server-sent events): every change of the signed-in
 * owner's continuations lands in the query cache, for every component on the page. No polling.
 * On each (re)connect it re-reads whatever is still pending, so nothing is missed while it was away.
 * The browser reconnects by itself after a dropped connection, but gives a stream up for good on an
 * answer that is not a stream (a 502 from a proxy while the app restarts, say): then the broker
 * opens a new one, backing off. When the server says the session has ended (`signed-out`), the
 * broker closes the stream for good and calls `onSignedOut`.
 */
export function ContinuationBroker({
  eventsUrl = "/api/continuations/events",
  onSignedOut,
  children,
}: {
  eventsUrl?: string;
  onSignedOut?: () => void;
  children: ReactNode;
}) {
  const queryClient = useQueryClient();
  useEffect(() => {
    let source: EventSource | null = null;
    let reopenTimer: ReturnType<typeof setTimeout> | undefined;
    let reopenMs = REOPEN_FIRST_MS;
    const onChange = (event: MessageEvent<string>) => {
      rememberView(queryClient, JSON.parse(event.data) as ContinuationView);
    };
    const onOpen = () => {
      reopenMs = REOPEN_FIRST_MS;
      void refetchPending(queryClient);
    };
    const onError = () => {
      if (source?.readyState !== EventSource.CLOSED) return; // the browser reconnects by itself
      reopenTimer = setTimeout(open, reopenMs);
      reopenMs = Math.min(reopenMs * 2, REOPEN_MAX_MS);
    };
    const onEnded = () => {
      source?.close();
      onSignedOut?.();
    };
    const open = () => {
      source?.close();
      source = new EventSource(eventsUrl);
      source.addEventListener("continuation", onChange);
      source.addEventListener("open", onOpen);
      source.addEventListener("error", onError);
      source.addEventListener("signed-out", onEnded);
    };
    open();
    return () => {
      clearTimeout(reopenTimer);
      source?.close();
    };
  }, [eventsUrl, onSignedOut, queryClient]);
  return children;
}

/**
 * The query that follows one continuation: its key, and a read that never puts a newer cached
 * view back (`laterView`). For code outside React (a `QueryObserver`); components use
 * `useContinuation`.
 */
export function continuationQuery(queryClient: QueryClient, id: string) {
  return {
    queryKey: continuationQueryKey(id),
    staleTime: Infinity,
    refetchOnWindowFocus: false,
    queryFn: async ({ signal }: { signal: AbortSignal }): Promise<ContinuationView> => {
      const response = await fetch(`/api/continuations/${id}`, { signal, cache: "no-store" });
      if (!response.ok) throw new Error(`Could not read the request's status (HTTP ${response.status}).`);
      const read = (await response.json()) as ContinuationView;
      // A change pushed while this read was under way may be newer than what it read.
      return laterView(queryClient.getQueryData(continuationQueryKey(read.id)), read);
    },
  } as const;
}

/**
 * A continuation's live view (kept current by the `ContinuationBroker`).
 * `initialData` is what the server rendered, so a reload shows the same state at once.
 */
export function useContinuation(id: string | null, initialData?: ContinuationView) {
  const queryClient = useQueryClient();
  return useQuery({
    ...continuationQuery(queryClient, id ?? "none"),
    enabled: id !== null,
    initialData: initialData && initialData.id === id ? initialData : undefined,
  });
}
