"use client";

import { useMutation, useQueryClient } from "@tanstack/react-query";
import Link from "next/link";
import { useRef, useState } from "react";
import type { ContinuationView } from "@/lib/continuation";
import { continuationQueryKey, useContinuation } from "@/lib/continuation/client";
import { formatDate } from "@/lib/format";
import { WarrantyOutcomeSchema } from "@/lib/warranty/warranty-outcome";
import { cancelAction, getWarrantyAction } from "./actions";

const button =
  "rounded-md px-3 py-1.5 text-sm font-medium shadow-sm transition disabled:cursor-not-allowed disabled:opacity-70";

/** The Warranty column of one product: the button, the pending state, then the result or error. */
export function WarrantyCell({ productId, initial }: { productId: string; initial?: ContinuationView }) {
  const [ticketId, setTicketId] = useState<string | null>(initial?.id ?? null);
  const [startError, setStartError] = useState<{ code: string; message: string } | null>(null);
  const lookup = useContinuation(ticketId, initial);
  // Set synchronously on click: two clicks in the same instant must not start two lookups.
  const isStarting = useRef(false);
  const start = useMutation({
    mutationFn: () => getWarrantyAction({ productId }),
    onMutate: () => setStartError(null),
    onSuccess: (result) => (result.ok ? setTicketId(result.data.id) : setStartError(result.error)),
    onError: () =>
      setStartError({
        code: "NETWORK",
        message: "The desk could not reach its server. Check your connection and try again.",
      }),
    onSettled: () => {
      isStarting.current = false;
    },
  });
  const queryClient = useQueryClient();
  const cancel = useMutation({
    mutationFn: (id: string) => cancelAction(id),
    onSuccess: (result) => {
      if (result.ok) queryClient.setQueryData(continuationQueryKey(result.data.id), result.data);
    },
  });
  const submit = () => {
    if (isStarting.current) return;
    isStarting.current = true;
    start.mutate();
  };
  const view = start.isPending ? undefined : lookup.data;

  if (start.isPending || view?.status === "pending") {
    return (
      <div className="flex items-center gap-3">
        <button type="button" disabled className={`${button} bg-slate-200 text-slate-600`}>
          <span className="mr-2 inline-block size-3 animate-spin rounded-full border-2 border-slate-400 border-t-transparent align-[-1px]" />
          Submitted…
        </button>
        <span role="status" className="text-sm text-slate-500">
          Asking the ERP…
        </span>
        {view && (
          <button
            type="button"
            onClick={() => cancel.mutate(view.id)}
            disabled={cancel.isPending}
            className="text-sm font-medium text-slate-600 underline-offset-2 hover:text-slate-900 hover:underline disabled:opacity-60"
          >
            Cancel
          </button>
        )}
      </div>
    );
  }

  const again = (label: string, tone: "primary" | "quiet") => (
    <button
      type="button"
      onClick={submit}
      className={
        tone === "primary"
          ? `${button} bg-sky-700 text-white hover:bg-sky-800`
          : `${button} border border-slate-300 bg-white text-slate-700 hover:bg-slate-100`
      }
    >
      {label}
    </button>
  );

  if (startError?.code === "UNAUTHENTICATED") {
    return (
      <p role="alert" className="text-sm text-red-700">
        {startError.message}{" "}
        <Link href="/sign-in" className="font-medium underline">
          Sign in again
        </Link>
      </p>
    );
  }

  const failure =
    startError?.message ??
    (view?.status === "failed" ? view.error?.message : null) ??
    lookup.error?.message ??
    null;
  if (failure) {
    return (
      <div className="flex flex-wrap items-center gap-3">
        <p role="alert" className="max-w-md text-sm text-red-700">
          <span className="font-medium">Lookup failed.</span> {failure}
        </p>
        {again("Retry", "quiet")}
      </div>
    );
  }

  if (view?.status === "completed") {
    const parsed = WarrantyOutcomeSchema.safeParse(view.result);
    if (!parsed.success) {
      return (
        <div className="flex items-center gap-3">
          <p role="alert" className="text-sm text-red-700">
            The lookup finished with a result the desk cannot read.
          </p>
          {again("Retry", "quiet")}
        </div>
      );
    }
    const result = parsed.data;
    const [tone, text] =
      result.outcome === "active"
        ? ["bg-emerald-50 text-emerald-800 ring-emerald-200", `Active until ${formatDate(result.endDate)}`]
        : result.outcome === "expired"
          ? ["bg-amber-50 text-amber-900 ring-amber-200", `Expired on ${formatDate(result.endDate)}`]
          : ["bg-slate-100 text-slate-700 ring-slate-200", "No warranty found"];
    return (
      <div className="flex items-center gap-3">
        <span
          role="status"
          className={`rounded-full px-3 py-1 text-sm font-medium ring-1 ring-inset ${tone}`}
        >
          {text}
        </span>
        {again("Check again", "quiet")}
      </div>
    );
  }

  return (
    <div className="flex items-center gap-3">
      {view?.status === "cancelled" && <span className="text-sm text-slate-500">Cancelled.</span>}
      {again("Get warranty", "primary")}
    </div>
  );
}
