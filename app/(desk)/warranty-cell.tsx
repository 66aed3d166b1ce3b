"use client";

import type { ContinuationView } from "@/lib/continuation";
import { DATA_CREDENTIALS } from "@/lib/erp/credential-names";
import { formatDate } from "@/lib/format";
import {
  warrantySerialSubject,
  warrantySubject,
  WarrantyOutcomeSchema,
  type WarrantyOutcome,
} from "@/lib/warranty/warranty-outcome";
import { getWarrantyAction, getWarrantyBySerialAction } from "./actions";
import { CheckedAt, useIsStale, Waiting } from "./clock";
import { DetailsLink } from "./details-link";
import { useErpPause } from "./erp-pause";
import { useKeepFocus } from "./keep-focus";
import { RequestFailure } from "./request-failure";
import { Button, formatMoney, LinkButton, SessionEnded, SubmittedButton } from "./ui";
import { useTicket } from "./use-ticket";

/** What a lookup is for: a product of the catalogue, or a serial number the agent typed. */
export type WarrantyTarget = { productId: string } | { serial: string };

function subjectOf(target: WarrantyTarget): string {
  return "serial" in target ? warrantySerialSubject(target.serial) : warrantySubject(target.productId);
}

/**
 * The Warranty column of one product: the button, the pending state, then the result or error.
 * `name` names the product for assistive technology ("Get warranty for Cordless Drill 18V").
 */
export function WarrantyCell({
  target,
  name,
  initial,
}: {
  target: WarrantyTarget;
  name: string;
  initial?: ContinuationView;
}) {
  const lookup = useTicket(initial, subjectOf(target));
  const container = useKeepFocus<HTMLDivElement>();
  return (
    <div ref={container} data-subject={subjectOf(target)}>
      <LookupState lookup={lookup} target={target} name={name} />
    </div>
  );
}

function LookupState({
  lookup,
  target,
  name,
}: {
  lookup: ReturnType<typeof useTicket>;
  target: WarrantyTarget;
  name: string;
}) {
  const { view } = lookup;
  const { paused } = useErpPause(DATA_CREDENTIALS);
  const stale = useIsStale(view?.status === "completed" ? view.finishedAt : null);
  const getWarranty = () =>
    lookup.start(() => ("serial" in target ? getWarrantyBySerialAction(target) : getWarrantyAction(target)));

  if (lookup.isPending) {
    return (
      <div className="flex flex-wrap items-center gap-x-3 gap-y-1">
        <SubmittedButton target={name} />
        <span data-testid="status" className="text-sm text-slate-500">
          {view && view.step > 0 ? "Asking for extension offers…" : "Asking the ERP…"}
        </span>
        {view && <Waiting since={view.createdAt} deadline={view.deadlineAt} />}
        {view && (
          <LinkButton onClick={lookup.cancel} target={`the lookup for ${name}`}>
            Cancel
          </LinkButton>
        )}
      </div>
    );
  }

  if (lookup.startFailure?.code === "UNAUTHENTICATED")
    return <SessionEnded message={lookup.startFailure.message} />;

  const failure = lookup.startFailure ?? (view?.status === "failed" ? view.error : null);
  // The timeline of what the agent sees (not of an older answer behind a start that failed).
  const details = view && !lookup.startFailure && (
    <DetailsLink id={view.id} of={`the warranty lookup for ${name}`} />
  );
  if (failure) {
    return (
      <RequestFailure
        headline="Lookup failed."
        error={failure}
        onRetry={getWarranty}
        target={name}
        credentials={DATA_CREDENTIALS}
        details={details}
      />
    );
  }

  if (view?.status === "completed") {
    const parsed = WarrantyOutcomeSchema.safeParse(view.result);
    if (!parsed.success) {
      return (
        <RequestFailure
          headline="Lookup failed."
          error={{ code: "UNREADABLE", message: "The lookup finished with a result the desk cannot read." }}
          onRetry={getWarranty}
          target={name}
          credentials={DATA_CREDENTIALS}
          details={details}
        />
      );
    }
    return (
      <div className="space-y-2">
        <div className="flex flex-wrap items-center gap-x-3 gap-y-2">
          <OutcomePill outcome={parsed.data} />
          <Button
            tone={stale ? "primary" : "quiet"}
            onClick={getWarranty}
            unavailable={paused}
            target={name}
            data-focus-target
          >
            Check again
          </Button>
        </div>
        <div className="flex flex-wrap items-center gap-x-3 gap-y-1">
          {view.finishedAt && <CheckedAt at={view.finishedAt} />}
          {details}
        </div>
        {parsed.data.outcome === "expired" && <ExtensionOffers outcome={parsed.data} />}
      </div>
    );
  }

  return (
    <div className="flex flex-wrap items-center gap-3">
      {view?.status === "cancelled" && <span className="text-sm text-slate-500">Cancelled.</span>}
      {view?.status === "cancelled" && details}
      <Button onClick={getWarranty} unavailable={paused} target={name} data-focus-target>
        Get warranty
      </Button>
    </div>
  );
}

function OutcomePill({ outcome }: { outcome: WarrantyOutcome }) {
  const [tone, text] =
    outcome.outcome === "active"
      ? ["bg-emerald-50 text-emerald-800 ring-emerald-200", `Active until ${formatDate(outcome.endDate)}`]
      : outcome.outcome === "expired"
        ? ["bg-amber-50 text-amber-900 ring-amber-200", `Expired on ${formatDate(outcome.endDate)}`]
        : ["bg-slate-100 text-slate-700 ring-slate-200", "No warranty found"];
  return (
    <span
      data-testid="status"
      className={`rounded-full px-3 py-1 text-sm font-medium ring-1 ring-inset ${tone}`}
    >
      {text}
    </span>
  );
}

function ExtensionOffers({ outcome }: { outcome: Extract<WarrantyOutcome, { outcome: "expired" }> }) {
  if (!outcome.offers) {
    return <p className="text-xs text-slate-500">Extension offers unavailable: {outcome.offersError}</p>;
  }
  if (outcome.offers.length === 0) return <p className="text-xs text-slate-500">No extension offers.</p>;
  return (
    <ul aria-label="Extension offers" className="flex flex-wrap gap-2 text-xs">
      {outcome.offers.map((offer) => (
        <li key={offer.code} className="rounded-md bg-slate-100 px-2 py-1 text-slate-700">
          Extend {offer.months} months · {formatMoney(offer.price)}
        </li>
      ))}
    </ul>
  );
}
