"use client";

import type { ContinuationView } from "@/lib/continuation";
import {
  dashboardSubject,
  DashboardResultSchema,
  type DashboardResult,
} from "@/lib/dashboard/dashboard-views";
import { DATA_CREDENTIALS } from "@/lib/erp/credential-names";
import { getDashboardAction } from "../../actions";
import { CheckedAt, useIsStale, Waiting } from "../../clock";
import { DetailsLink } from "../../details-link";
import { useErpPause } from "../../erp-pause";
import { useKeepFocus } from "../../keep-focus";
import { RequestFailure } from "../../request-failure";
import { Button, formatMoney, formatSeconds, SessionEnded, SubmittedButton } from "../../ui";
import { useTicket } from "../../use-ticket";

// Wall-clock time of the step: first callout sent to last answer in (the slowest, not the sum).
function totalMs(view: ContinuationView): number | null {
  const callouts = view.summary?.callouts ?? [];
  const sent = callouts.flatMap((c) => (c.sentAt ? [Date.parse(c.sentAt)] : []));
  const finished = callouts.flatMap((c) => (c.finishedAt ? [Date.parse(c.finishedAt)] : []));
  return sent.length && finished.length ? Math.max(...finished) - Math.min(...sent) : null;
}

/** Inventory, pricing and tracking of a product, asked of the ERP in parallel. */
export function DashboardPanel({
  productId,
  productName,
  initial,
}: {
  productId: string;
  productName: string;
  initial?: ContinuationView;
}) {
  const dashboard = useTicket(initial, dashboardSubject(productId));
  const container = useKeepFocus<HTMLDivElement>();
  return (
    <div ref={container} data-subject={dashboardSubject(productId)}>
      <DashboardState dashboard={dashboard} productId={productId} productName={productName} />
    </div>
  );
}

function DashboardState({
  dashboard,
  productId,
  productName,
}: {
  dashboard: ReturnType<typeof useTicket>;
  productId: string;
  productName: string;
}) {
  const { view } = dashboard;
  const { paused } = useErpPause(DATA_CREDENTIALS);
  const stale = useIsStale(view?.status === "completed" ? view.finishedAt : null);
  const load = () => dashboard.start(() => getDashboardAction({ productId }));

  if (dashboard.startFailure?.code === "UNAUTHENTICATED") {
    return <SessionEnded message={dashboard.startFailure.message} />;
  }
  if (dashboard.isPending) {
    return (
      <div className="flex flex-wrap items-center gap-x-3 gap-y-1">
        <SubmittedButton target={`the dashboard of ${productName}`} />
        <span data-testid="status" className="text-sm text-slate-500">
          Asking the ERP for inventory, pricing and tracking at once…
        </span>
        {view?.status === "pending" && <Waiting since={view.createdAt} deadline={view.deadlineAt} />}
      </div>
    );
  }
  const parsed = view?.status === "completed" ? DashboardResultSchema.safeParse(view.result) : null;
  const failure = dashboard.startFailure ?? (view?.status === "failed" ? view.error : null);
  const details = view && !dashboard.startFailure && (
    <DetailsLink id={view.id} of={`the dashboard of ${productName}`} />
  );

  return (
    <div className="space-y-4">
      {parsed?.success && <Sections result={parsed.data} total={view ? totalMs(view) : null} />}
      {view?.status === "completed" && (
        <div className="flex flex-wrap items-center gap-x-3 gap-y-1">
          {view.finishedAt && <CheckedAt at={view.finishedAt} />}
          {details}
        </div>
      )}
      {failure ? (
        <RequestFailure
          headline="The dashboard could not be loaded."
          error={failure}
          onRetry={load}
          target={`the dashboard of ${productName}`}
          credentials={DATA_CREDENTIALS}
          details={details}
        />
      ) : (
        <Button
          tone={parsed?.success && !stale ? "quiet" : "primary"}
          onClick={load}
          unavailable={paused}
          data-focus-target
        >
          {parsed?.success ? (stale ? "Check again" : "Reload dashboard") : "Load dashboard"}
        </Button>
      )}
    </div>
  );
}

function Sections({ result, total }: { result: DashboardResult; total: number | null }) {
  const sum = [result.inventory, result.pricing, result.tracking].reduce(
    (s, x) => s + (x.durationMs ?? 0),
    0,
  );
  return (
    <div className="space-y-3">
      <div className="grid gap-3 sm:grid-cols-3">
        <Card title="Inventory" section={result.inventory}>
          {(d) => (
            <>
              <p className="text-2xl font-semibold">{d.onHand}</p>
              <p className="text-xs text-slate-500">
                on hand, {d.reserved} reserved · {d.warehouse}
              </p>
            </>
          )}
        </Card>
        <Card title="Pricing" section={result.pricing}>
          {(d) => (
            <>
              <p className="text-2xl font-semibold">{formatMoney(d.netPrice)}</p>
              <p className="text-xs text-slate-500">
                list {formatMoney(d.listPrice)}, {d.discountPercent}% off
              </p>
            </>
          )}
        </Card>
        <Card title="Tracking" section={result.tracking}>
          {(d) => (
            <>
              <p className="text-2xl font-semibold">{d.openShipments}</p>
              <p className="text-xs text-slate-500">open shipments</p>
              {d.lastShipment && (
                <p className="mt-1 text-xs text-slate-600">
                  Last shipment {shipmentStatus(d.lastShipment.status)}, sent with {d.lastShipment.carrier}{" "}
                  (tracking number <span className="font-mono">{d.lastShipment.trackingNumber}</span>)
                </p>
              )}
            </>
          )}
        </Card>
      </div>
      <p data-testid="status" className="text-sm text-slate-600">
        Total {formatSeconds(total)}: the three calls ran in parallel, so the total is the slowest call, not
        the sum of all three ({formatSeconds(sum)}).
      </p>
    </div>
  );
}

/** The ERP's shipment status as a phrase ("in_transit" → "in transit"). */
function shipmentStatus(status: string): string {
  return status.replaceAll("_", " ").toLowerCase();
}

function Card<T>({
  title,
  section,
  children,
}: {
  title: string;
  section:
    | { ok: true; data: T; durationMs: number | null }
    | { ok: false; message: string; durationMs: number | null };
  children: (data: T) => React.ReactNode;
}) {
  return (
    <div aria-label={title} role="group" className="rounded-lg border border-slate-200 p-4">
      <div className="mb-2 flex items-baseline justify-between">
        <h3 className="text-sm font-medium text-slate-700">{title}</h3>
        <span className="text-xs text-slate-500" aria-label={`${title} time`}>
          {formatSeconds(section.durationMs)}
        </span>
      </div>
      {section.ok ? children(section.data) : <p className="text-sm text-red-700">{section.message}</p>}
    </div>
  );
}
