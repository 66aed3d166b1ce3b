"use client";

import { useMutation, useQueryClient } from "@tanstack/react-query";
import { useRef, useState } from "react";
import type { ActionResult, ContinuationView, Ticket } from "@/lib/continuation";
import { rememberSubject, rememberView, useContinuation, useSubjectLatest } from "@/lib/continuation/client";
import { cancelAction, retryAction } from "./actions";

export interface StartFailure {
  code: string;
  message: string;
  fieldErrors?: Record<string, string[]>;
}

const NETWORK_FAILURE: StartFailure = {
  code: "NETWORK",
  message: "The desk could not reach its server. Check your connection and try again.",
};

/**
 * One ERP request on a page: starts it through a continuation action, follows its ticket live,
 * and offers Retry (same idempotency keys) and Cancel. `initial` is the server-rendered latest
 * view, so a reload shows a pending request as pending. With a `subject` it follows the newest
 * continuation of that subject wherever it was started (another tab of the agent's, say), so every
 * tab shows the same state and none offers to start what is already pending.
 */
export function useTicket(initial?: ContinuationView, subject?: string) {
  const [ownTicketId, setOwnTicketId] = useState<string | null>(initial?.id ?? null);
  const subjectLatest = useSubjectLatest(subject, initial);
  const ticketId = subject ? subjectLatest : ownTicketId;
  const [startFailure, setStartFailure] = useState<StartFailure | null>(null);
  const queryClient = useQueryClient();
  const followed = useContinuation(ticketId, initial);
  const follow = (id: string) => {
    setOwnTicketId(id);
    if (subject) rememberSubject(queryClient, subject, { id, createdAt: new Date().toISOString() });
  };
  // Set synchronously on click: two clicks in the same instant must not start two requests.
  const isBusy = useRef(false);

  const start = useMutation({
    mutationFn: (send: () => Promise<ActionResult<Ticket>>) => send(),
    onMutate: () => setStartFailure(null),
    onSuccess: (result) => (result.ok ? follow(result.data.id) : setStartFailure(result.error)),
    onError: () => setStartFailure(NETWORK_FAILURE),
    onSettled: () => {
      isBusy.current = false;
    },
  });
  const cancel = useMutation({
    mutationFn: (id: string) => cancelAction(id),
    onSuccess: (result) => {
      if (result.ok) rememberView(queryClient, result.data);
    },
  });

  const send = (action: () => Promise<ActionResult<Ticket>>) => {
    if (isBusy.current) return;
    isBusy.current = true;
    start.mutate(action);
  };
  const view = start.isPending ? undefined : followed.data;

  return {
    view,
    isStarting: start.isPending,
    isPending: start.isPending || view?.status === "pending",
    /** Why the request could not be started, or the view could not be read. */
    startFailure:
      startFailure ?? (followed.error ? { code: "READ_FAILED", message: followed.error.message } : null),
    /** Starts a new request with a continuation action. */
    start: send,
    /** Retries the failed request with the same idempotency keys. */
    retry: () => view && send(() => retryAction(view.id)),
    cancel: () => view && cancel.mutate(view.id),
    isCancelling: cancel.isPending,
  };
}
