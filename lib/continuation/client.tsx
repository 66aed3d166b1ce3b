"use client";

import { useQuery, useQueryClient, type QueryClient } from "@tanstack/react-query";
import { useEffect, type ReactNode } from "react";
import type { ContinuationView } from "./engine/view";

/** The TanStack Query key of a continuation's view. */
export const continuationQueryKey = (id: string) => ["continuation", id] as const;

function refetchPending(queryClient: QueryClient) {
  return queryClient.invalidateQueries({
    queryKey: ["continuation"],
    predicate: (query) => (query.state.data as ContinuationView | undefined)?.status === "pending",
  });
}

/**
 * The page's one connection to the server (server-sent events): every change of the signed-in
 * owner's continuations lands in the query cache, for every component on the page. No polling.
 * On each (re)connect it re-reads whatever is still pending, so nothing is missed while it was away.
 */
export function ContinuationBroker({
  eventsUrl = "/api/continuations/events",
  children,
}: {
  eventsUrl?: string;
  children: ReactNode;
}) {
  const queryClient = useQueryClient();
  useEffect(() => {
    const source = new EventSource(eventsUrl);
    const onChange = (event: MessageEvent<string>) => {
      const view = JSON.parse(event.data) as ContinuationView;
      queryClient.setQueryData(continuationQueryKey(view.id), view);
    };
    const onOpen = () => void refetchPending(queryClient);
    source.addEventListener("continuation", onChange);
    source.addEventListener("open", onOpen);
    return () => {
      source.removeEventListener("continuation", onChange);
      source.removeEventListener("open", onOpen);
      source.close();
    };
  }, [eventsUrl, queryClient]);
  return children;
}

/**
 * A continuation's live view (kept current by the `ContinuationBroker`).
 * `initialData` is what the server rendered, so a reload shows the same state at once.
 */
export function useContinuation(id: string | null, initialData?: ContinuationView) {
  return useQuery({
    queryKey: continuationQueryKey(id ?? "none"),
    enabled: id !== null,
    initialData: initialData && initialData.id === id ? initialData : undefined,
    staleTime: Infinity,
    refetchOnWindowFocus: false,
    queryFn: async ({ signal }): Promise<ContinuationView> => {
      const response = await fetch(`/api/continuations/${id}`, { signal, cache: "no-store" });
      if (!response.ok) throw new Error(`Could not read the request's status (HTTP ${response.status}).`);
      return (await response.json()) as ContinuationView;
    },
  });
}
