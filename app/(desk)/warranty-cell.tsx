"use client";

import type { ContinuationView } from "@/lib/continuation";
import { formatDate } from "@/lib/format";
import { WarrantyOutcomeSchema, type WarrantyOutcome } from "@/lib/warranty/warranty-outcome";
import { getWarrantyAction, getWarrantyBySerialAction } from "./actions";
import { Button, formatMoney, LinkButton, SessionEnded, SubmittedButton } from "./ui";
import { useTicket } from "./use-ticket";

/** What a lookup is for: a product of the catalogue, or a serial number the agent typed. */
export type WarrantyTarget = { productId: string } | { serial: string };

/** The Warranty column of one product: the button, the pending state, then the result or error. */
export function WarrantyCell({ target, initial }: { target: WarrantyTarget; initial?: ContinuationView }) {
  const lookup = useTicket(initial);
  const { view } = lookup;
  const getWarranty = () =>
    lookup.start(() => ("serial" in target ? getWarrantyBySerialAction(target) : getWarrantyAction(target)));

  if (lookup.isPending) {
    return (
      <div className="flex flex-wrap items-center gap-3">
        <SubmittedButton />
        <span role="status" className="text-sm text-slate-500">
          {view && view.step > 0 ? "Asking for extension offers…" : "Asking the ERP…"}
        </span>
        {view && <LinkButton onClick={lookup.cancel}>Cancel</LinkButton>}
      </div>
    );
  }

  if (lookup.startFailure?.code === "UNAUTHENTICATED")
    return <SessionEnded message={lookup.startFailure.message} />;

  const failure = lookup.startFailure?.message ?? (view?.status === "failed" ? view.error?.message : null);
  if (failure) {
    return (
      <div className="flex flex-wrap items-center gap-3">
        <p role="alert" className="max-w-md text-sm text-red-700">
          <span className="font-medium">Lookup failed.</span> {failure}
        </p>
        <Button tone="quiet" onClick={getWarranty}>
          Retry
        </Button>
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
          <Button tone="quiet" onClick={getWarranty}>
            Retry
          </Button>
        </div>
      );
    }
    return (
      <div className="space-y-2">
        <div className="flex items-center gap-3">
          <OutcomePill outcome={parsed.data} />
          <Button tone="quiet" onClick={getWarranty}>
            Check again
          </Button>
        </div>
        {parsed.data.outcome === "expired" && <ExtensionOffers outcome={parsed.data} />}
      </div>
    );
  }

  return (
    <div className="flex items-center gap-3">
      {view?.status === "cancelled" && <span className="text-sm text-slate-500">Cancelled.</span>}
      <Button onClick={getWarranty}>Get warranty</Button>
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
    <span role="status" className={`rounded-full px-3 py-1 text-sm font-medium ring-1 ring-inset ${tone}`}>
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
