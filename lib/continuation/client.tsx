"use client";

import { useQuery, useQueryClient, type QueryClient } from "@tanstack/react-query";
import { useEffect, type ReactNode } from "react";
import { laterView, type ContinuationView } from "./engine/view";

/** The TanStack Query key of a continuation's view. */
export const continuationQueryKey = (id: string) => ["continuation", id] as const;

/** The TanStack Query key of the owner's newest continuation filed under a subject. */
export const subjectQueryKey = (subject: string) => ["continuation-subject", subject] as const;

/** Which continuation is the newest of a subject, and when it was created (ISO). */
export interface SubjectEntry {
  id: string;
  createdAt: string;
}

/**
 * Files a continuation as the newest of its subject, unless a newer one already is. Every tab of
 * the owner learns of every start through the event stream, so all of them follow the same one.
 */
export function rememberSubject(queryClient: QueryClient, subject: string, entry: SubjectEntry): void {
  queryClient.setQueryData<SubjectEntry>(subjectQueryKey(subject), (current) =>
    !current || current.id === entry.id || current.createdAt < entry.createdAt ? entry : current,
  );
}

/** Puts a view of a continuation in the query cache, unless the cache already holds a later one. */
export function rememberView(queryClient: QueryClient, view: ContinuationView): void {
  queryClient.setQueryData<ContinuationView>(continuationQueryKey(view.id), (current) =>
    laterView(current, view),
  );
  if (view.subject) rememberSubject(queryClient, view.subject, { id: view.id, createdAt: view.createdAt });
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
      if (read.subject)
        rememberSubject(queryClient, read.subject, { id: read.id, createdAt: read.createdAt });
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

/**
 * The newest continuation of `subject` this page knows of: the server-rendered `initial`, then
 * whatever starts later, here or in another tab (pushed by the `ContinuationBroker`). Null when
 * there is none yet. Never fetches by itself.
 */
export function useSubjectLatest(subject: string | undefined, initial?: ContinuationView): string | null {
  const entry = useQuery<SubjectEntry | null>({
    queryKey: subjectQueryKey(subject ?? ""),
    queryFn: () => null,
    enabled: false,
    staleTime: Infinity,
    initialData: initial && subject ? { id: initial.id, createdAt: initial.createdAt } : undefined,
  });
  return subject ? (entry.data?.id ?? null) : null;
}
