"use client";

import { useMutation, useQuery, useQueryClient } from "@tanstack/react-query";
import { useEffect } from "react";
import type { LabComparison, LabRunInput, LabRunView } from "@/lib/lab/lab-types";

export const labRunQueryKey = ["lab-run", "current"] as const;
export const labComparisonQueryKey = ["lab-run", "compare"] as const;

/** A refusal of `POST /api/lab/runs`, as the API words it. */
export class LabRunRefusal extends Error {
  constructor(
    readonly code: string,
    message: string,
  ) {
    super(message);
    this.name = "LabRunRefusal";
  }
}

async function fetchCurrentRun({ signal }: { signal: AbortSignal }): Promise<LabRunView | null> {
  const response = await fetch("/api/lab/runs/current", { signal, cache: "no-store" });
  if (response.status === 401) {
    throw new LabRunRefusal("UNAUTHENTICATED", "Your session has ended. Please sign in again.");
  }
  if (!response.ok) throw new Error(`Could not read the lab run (HTTP ${response.status}).`);
  return ((await response.json()) as { run: LabRunView | null }).run;
}

async function fetchComparison({ signal }: { signal: AbortSignal }): Promise<LabComparison> {
  const response = await fetch("/api/lab/runs", { signal, cache: "no-store" });
  if (response.status === 401) {
    throw new LabRunRefusal("UNAUTHENTICATED", "Your session has ended. Please sign in again.");
  }
  if (!response.ok) throw new Error(`Could not read the last runs (HTTP ${response.status}).`);
  return ((await response.json()) as { runs: LabComparison }).runs;
}

async function postRun(input: LabRunInput): Promise<{ id: string }> {
  let response: Response;
  try {
    response = await fetch("/api/lab/runs", {
      method: "POST",
      headers: { "content-type": "application/json" },
      body: JSON.stringify(input),
    });
  } catch {
    throw new LabRunRefusal(
      "NETWORK",
      "The desk could not reach its server. Check your connection and try again.",
    );
  }
  const body = (await response.json().catch(() => null)) as
    { id: string } | { error: { code: string; message: string } } | null;
  if (response.status === 202 && body && "id" in body) return body;
  if (body && "error" in body) throw new LabRunRefusal(body.error.code, body.error.message);
  throw new LabRunRefusal("UNEXPECTED", `The lab could not start the run (HTTP ${response.status}).`);
}

/**
 * The server's latest lab run, polled every 500 ms while it runs and every 5 s otherwise (a run
 * started elsewhere shows up), and `start` to begin a new one.
 */
export function useLabRun() {
  const queryClient = useQueryClient();
  const current = useQuery({
    queryKey: labRunQueryKey,
    queryFn: fetchCurrentRun,
    refetchInterval: (query) => (query.state.data?.status === "running" ? 500 : 5_000),
    retry: (failures, error) => !(error instanceof LabRunRefusal) && failures < 2,
  });
  const start = useMutation({
    mutationFn: postRun,
    // Also after a 409: the run that is going is the one to show.
    onSettled: () => queryClient.invalidateQueries({ queryKey: labRunQueryKey }),
  });
  const run = current.data ?? null;
  return {
    run,
    isLoading: current.isPending,
    readError: current.error,
    start,
    isRunning: start.isPending || run?.status === "running",
  };
}

/**
 * The last finished run of each mode (kept by the server across restarts), read again as soon as
 * the latest run finishes, and every 15 s (a run finished on another screen shows up).
 */
export function useLabComparison(latest: LabRunView | null) {
  const queryClient = useQueryClient();
  const comparison = useQuery({
    queryKey: labComparisonQueryKey,
    queryFn: fetchComparison,
    refetchInterval: 15_000,
    retry: (failures, error) => !(error instanceof LabRunRefusal) && failures < 2,
  });
  const finishedId = latest && latest.status !== "running" ? latest.id : null;
  useEffect(() => {
    if (finishedId) void queryClient.invalidateQueries({ queryKey: labComparisonQueryKey });
  }, [finishedId, queryClient]);
  return { runs: comparison.data ?? null, isLoading: comparison.isPending, error: comparison.error };
}
