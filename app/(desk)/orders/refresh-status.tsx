"use client";

import type { ContinuationView } from "@/lib/continuation";
import { DATA_CREDENTIALS } from "@/lib/erp/credential-names";
import { orderRefreshSubject, OrderResultSchema } from "@/lib/orders/order-views";
import { refreshOrderStatusAction } from "../actions";
import { CheckedAt, useIsStale, Waiting } from "../clock";
import { DetailsLink } from "../details-link";
import { useErpPause } from "../erp-pause";
import { useKeepFocus } from "../keep-focus";
import { RequestFailure } from "../request-failure";
import { Button, SessionEnded } from "../ui";
import { useTicket } from "../use-ticket";

/**
 * An order's status, when the desk last read it, and Refresh status: one continuation that asks
 * the ERP and updates the row. `checkedAt` is when the row's status was last written.
 */
export function RefreshStatus({
  orderNumber,
  status,
  checkedAt,
  initial,
}: {
  orderNumber: string;
  status: string;
  checkedAt: string;
  initial?: ContinuationView;
}) {
  const refresh = useTicket(initial, orderRefreshSubject(orderNumber));
  const container = useKeepFocus<HTMLDivElement>();
  const { view } = refresh;
  const { paused } = useErpPause(DATA_CREDENTIALS);
  const result = view?.status === "completed" ? OrderResultSchema.safeParse(view.result) : null;
  // The row was rendered from the database; a refresh that finished since is newer.
  const refreshed = result?.success && view?.finishedAt && view.finishedAt > checkedAt && !refresh.isPending;
  const shown = refreshed ? result.data.status : status;
  const shownAt = refreshed ? view.finishedAt! : checkedAt;
  const stale = useIsStale(shownAt);
  const failure = refresh.startFailure ?? (view?.status === "failed" ? view.error : null);

  if (refresh.startFailure?.code === "UNAUTHENTICATED")
    return <SessionEnded message={refresh.startFailure.message} />;

  const refreshButton = (
    <Button
      tone={stale ? "primary" : "quiet"}
      onClick={() => refresh.start(() => refreshOrderStatusAction({ orderNumber }))}
      unavailable={paused}
      target={orderNumber}
      data-focus-target
    >
      {stale ? "Check again" : "Refresh status"}
    </Button>
  );

  return (
    <div ref={container} data-subject={orderRefreshSubject(orderNumber)} className="space-y-1">
      <div className="flex flex-wrap items-center gap-x-3 gap-y-2">
        <span
          data-testid="status"
          className="rounded-full bg-slate-100 px-2.5 py-0.5 text-xs font-medium text-slate-700 capitalize"
        >
          {shown}
        </span>
        {refresh.isPending ? (
          <Button tone="busy" unavailable target={orderNumber} data-focus-target>
            Refreshing…
          </Button>
        ) : (
          refreshButton
        )}
      </div>
      {refresh.isPending && view?.status === "pending" ? (
        <Waiting since={view.createdAt} deadline={view.deadlineAt} />
      ) : (
        <div className="flex flex-wrap items-center gap-x-3 gap-y-1">
          <CheckedAt at={shownAt} />
          {view && <DetailsLink id={view.id} of={`the status refresh of ${orderNumber}`} />}
        </div>
      )}
      {failure && !refresh.isPending && (
        <RequestFailure
          headline="Refresh failed."
          error={failure}
          target={orderNumber}
          credentials={DATA_CREDENTIALS}
        />
      )}
    </div>
  );
}
