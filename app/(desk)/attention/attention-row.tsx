"use client";

import { useMutation, useQueryClient } from "@tanstack/react-query";
import Link from "next/link";
import type { AttentionItem } from "@/lib/attention/attention-item";
import type { ContinuationView } from "@/lib/continuation";
import { OrderResultSchema } from "@/lib/orders/order-views";
import { ORDER_CREDENTIALS } from "@/lib/erp/credential-names";
import { refreshOrderStatusAction } from "../actions";
import { formatCountdown, Waiting } from "../clock";
import { DetailsLink } from "../details-link";
import { useErpPause } from "../erp-pause";
import { useKeepFocus } from "../keep-focus";
import { Button, SessionEnded, SubmittedButton } from "../ui";
import { useTicket } from "../use-ticket";
import { dismissAttentionAction } from "./actions";
import { ATTENTION_COUNT_KEY } from "./attention-count";

type Badge = { text: string; tone: string };
const TONES = {
  waiting: "bg-sky-50 text-sky-800 ring-sky-200",
  failed: "bg-red-50 text-red-800 ring-red-200",
  unrecorded: "bg-amber-50 text-amber-900 ring-amber-300",
  done: "bg-emerald-50 text-emerald-800 ring-emerald-200",
};

function badgeOf(item: AttentionItem, view: ContinuationView | undefined, isPending: boolean): Badge {
  if (isPending || !view) return { text: "Waiting", tone: TONES.waiting };
  if (view.status === "completed") return { text: "Done", tone: TONES.done };
  if (item.state === "unrecorded") return { text: "Not recorded", tone: TONES.unrecorded };
  return { text: view.status === "cancelled" ? "Cancelled" : "Failed", tone: TONES.failed };
}

/** What happened, in one sentence: the error, the wait, or the outcome of a Retry from here. */
function WhatHappened({
  item,
  view,
  isPending,
}: {
  item: AttentionItem;
  view?: ContinuationView;
  isPending: boolean;
}) {
  if (isPending || !view) {
    return (
      <p className="text-sm text-slate-600">
        Waiting for the ERP{view?.status === "pending" && ": "}
        {view?.status === "pending" && <Waiting since={view.createdAt} deadline={view.deadlineAt} />}
      </p>
    );
  }
  if (view.status === "completed") {
    const order = OrderResultSchema.safeParse(view.result);
    return (
      <p className="text-sm text-emerald-800">
        {item.kind === "order" && order.success ? (
          <>
            Recorded: order <strong className="font-mono">{order.data.orderNumber}</strong> is on your{" "}
            <Link href="/orders" className="font-medium underline">
              orders
            </Link>
            .
          </>
        ) : (
          <>Done: the ERP answered.</>
        )}
      </p>
    );
  }
  return <p className="text-sm text-red-700">{view.error?.message ?? "It did not finish."}</p>;
}

/**
 * One item of the worklist: what it is, what happened, and the safe next action. It follows its
 * continuation live (a Retry from here is followed the same way), so it changes as the ERP answers.
 */
export function AttentionRow({
  item,
  onDismissed,
}: {
  item: AttentionItem;
  onDismissed: (id: string) => void;
}) {
  const ticket = useTicket(item.view);
  const queryClient = useQueryClient();
  const dismiss = useMutation({
    mutationFn: () => dismissAttentionAction(item.id),
    onSuccess: (result) => {
      if (!result.ok) return;
      onDismissed(item.id);
      void queryClient.invalidateQueries({ queryKey: ATTENTION_COUNT_KEY });
    },
  });
  const { view } = ticket;
  const headingId = `attention-${item.id}`;
  const badge = badgeOf(item, view, ticket.isPending);
  const isOver = !ticket.isPending && !!view && view.status !== "completed";
  const failure = ticket.startFailure ?? (dismiss.data?.ok === false ? dismiss.data.error : null);
  const named = `${item.label} for ${item.target}`;
  // Every item goes through the ERP credentials the order chain uses (a superset of the others').
  const { paused, remainingMs } = useErpPause(ORDER_CREDENTIALS);
  const container = useKeepFocus<HTMLLIElement>();

  return (
    <li
      ref={container}
      aria-labelledby={headingId}
      className="flex flex-wrap items-start justify-between gap-x-6 gap-y-3 px-4 py-4"
    >
      <div className="min-w-0 flex-1 space-y-1">
        <h2 id={headingId} className="flex flex-wrap items-center gap-x-2 gap-y-1 text-sm font-medium">
          <span>{item.label}</span>
          <span aria-hidden className="text-slate-400">
            ·
          </span>
          {item.href ? (
            <Link href={item.href} className="text-sky-800 hover:underline">
              {item.target}
            </Link>
          ) : (
            <span className="break-all">{item.target}</span>
          )}
          <span className={`rounded-full px-2 py-0.5 text-xs font-medium ring-1 ring-inset ${badge.tone}`}>
            {badge.text}
          </span>
        </h2>
        {item.detail && <p className="text-xs text-slate-500">{item.detail}</p>}
        {item.state === "unrecorded" && view?.status !== "completed" && (
          <p className="text-sm font-medium text-amber-900">
            Created in the ERP, not yet recorded: <span className="font-mono">{item.erpNumber}</span>
          </p>
        )}
        <WhatHappened item={item} view={view} isPending={ticket.isPending} />
        <DetailsLink id={view?.id ?? item.id} of={named} />
        {failure?.code === "UNAUTHENTICATED" ? (
          <SessionEnded message={failure.message} />
        ) : (
          failure && (
            <p role="alert" className="text-sm text-red-700">
              {failure.message}
            </p>
          )
        )}
      </div>
      <div className="flex shrink-0 items-center gap-2">
        {ticket.isPending && <SubmittedButton target={named} />}
        {isOver && item.action === "retry" && (
          <Button tone="quiet" onClick={ticket.retry} unavailable={paused} target={named} data-focus-target>
            {paused ? `Retry in ${formatCountdown(remainingMs)}` : "Retry"}
          </Button>
        )}
        {isOver && item.action === "refresh" && (
          <Button
            tone="quiet"
            onClick={() => ticket.start(() => refreshOrderStatusAction({ orderNumber: item.target }))}
            unavailable={paused}
            target={`order ${item.target}`}
            data-focus-target
          >
            Refresh status
          </Button>
        )}
        {isOver && item.canDismiss && (
          <Button tone="quiet" onClick={() => dismiss.mutate()} disabled={dismiss.isPending} target={named}>
            Dismiss
          </Button>
        )}
      </div>
    </li>
  );
}
