"use client";

import type { ContinuationView } from "@/lib/continuation";
import { OrderResultSchema } from "@/lib/orders/order-views";
import { refreshOrderStatusAction } from "../actions";
import { Button, SessionEnded } from "../ui";
import { useTicket } from "../use-ticket";

/** An order's status, and Refresh status: one continuation that asks the ERP and updates the row. */
export function RefreshStatus({
  orderNumber,
  status,
  initial,
}: {
  orderNumber: string;
  status: string;
  initial?: ContinuationView;
}) {
  const refresh = useTicket(initial);
  const { view } = refresh;
  const result = view?.status === "completed" ? OrderResultSchema.safeParse(view.result) : null;
  // The row was rendered from the database; a refresh that finished since is newer.
  const shown = result?.success && view && !refresh.isPending ? result.data.status : status;
  const failure = refresh.startFailure?.message ?? (view?.status === "failed" ? view.error?.message : null);

  if (refresh.startFailure?.code === "UNAUTHENTICATED")
    return <SessionEnded message={refresh.startFailure.message} />;

  return (
    <div className="flex flex-wrap items-center gap-3">
      <span
        role="status"
        className="rounded-full bg-slate-100 px-2.5 py-0.5 text-xs font-medium text-slate-700 capitalize"
      >
        {shown}
      </span>
      {refresh.isPending ? (
        <Button tone="busy" disabled>
          Refreshing…
        </Button>
      ) : (
        <Button tone="quiet" onClick={() => refresh.start(() => refreshOrderStatusAction({ orderNumber }))}>
          Refresh status
        </Button>
      )}
      {failure && !refresh.isPending && (
        <p role="alert" className="w-full text-xs text-red-700">
          {failure}
        </p>
      )}
    </div>
  );
}
