"use client";

import Link from "next/link";
import { useEffect, useRef, useState } from "react";
import { parseFormWholeNumber } from "@/lib/form-input";
import type { ContinuationView } from "@/lib/continuation";
import { ORDER_CREDENTIALS } from "@/lib/erp/credential-names";
import { ORDER_STEPS, OrderResultSchema, orderSubject } from "@/lib/orders/order-views";
import { createOrderAction } from "../../actions";
import { useAnnounce } from "../../announcer";
import { CheckedAt, Waiting } from "../../clock";
import { DetailsLink } from "../../details-link";
import { useErpPause } from "../../erp-pause";
import { useKeepFocus } from "../../keep-focus";
import { RequestFailure } from "../../request-failure";
import { Button, LinkButton, SessionEnded, SubmittedButton } from "../../ui";
import { useTicket } from "../../use-ticket";

type StepState = "done" | "current" | "failed" | "waiting";

const STEP_WORDS: Record<StepState, string> = {
  done: "done",
  current: "in progress",
  failed: "failed",
  waiting: "not started",
};

function stepStates(view: ContinuationView | undefined, isStarting: boolean): StepState[] {
  return ORDER_STEPS.map((_, i) => {
    if (!view || isStarting) return i === 0 && isStarting ? "current" : "waiting";
    if (view.status === "completed") return "done";
    if (i < view.step) return "done";
    if (i > view.step) return "waiting";
    return view.status === "pending" ? "current" : view.status === "failed" ? "failed" : "waiting";
  });
}

/** Announces each step of a pending chain once, as it begins ("Order: step 2 of 3, Creating order"). */
function useAnnouncedSteps(view: ContinuationView | undefined, productName: string) {
  const announce = useAnnounce();
  const announced = useRef<string | null>(null);
  useEffect(() => {
    if (view?.status !== "pending") return;
    const key = `${view.id}:${view.step}`;
    if (announced.current === key) return;
    const first = announced.current === null;
    announced.current = key;
    // A page that opens on a pending order says nothing until the order moves on.
    if (first && view.step === 0 && Date.now() - Date.parse(view.createdAt) > 5_000) return;
    announce(
      `Order for ${productName}: step ${view.step + 1} of ${ORDER_STEPS.length}, ${ORDER_STEPS[view.step] ?? ""}.`,
    );
  }, [view, productName, announce]);
}

/**
 * Create order: quantity and customer reference, then the chain's live progress and outcome. It
 * follows the product's newest order chain, wherever it was started: another tab of the agent's
 * shows the same progress instead of a form that could order twice.
 */
export function OrderForm({
  productId,
  productName,
  initial,
}: {
  productId: string;
  productName: string;
  initial?: ContinuationView;
}) {
  const order = useTicket(initial, orderSubject(productId));
  const [quantity, setQuantity] = useState("1");
  const [customerReference, setCustomerReference] = useState("");
  const { view } = order;
  // The form is open over the chain it replaces (none, or one the agent chose New order over); a
  // newer chain, started here or in another tab, takes its place.
  const [formOver, setFormOver] = useState<string | null | undefined>(
    !initial || initial.status === "cancelled" ? (initial?.id ?? null) : undefined,
  );
  const isEditing = formOver !== undefined && formOver === (view?.id ?? null);
  const setIsEditing = (open: boolean) => setFormOver(open ? (view?.id ?? null) : undefined);
  const { paused } = useErpPause(ORDER_CREDENTIALS);
  const container = useKeepFocus<HTMLDivElement>();
  useAnnouncedSteps(view, productName);
  const submit = () => {
    setIsEditing(false);
    order.start(() =>
      createOrderAction({ productId, quantity: parseFormWholeNumber(quantity), customerReference }),
    );
  };
  const fieldErrors = order.startFailure?.fieldErrors ?? {};
  const showForm = isEditing || order.startFailure?.code === "INVALID_INPUT" || (!view && !order.isStarting);

  if (order.startFailure?.code === "UNAUTHENTICATED")
    return <SessionEnded message={order.startFailure.message} />;

  if (showForm) {
    return (
      <div ref={container} data-subject={orderSubject(productId)}>
        <form
          className="flex flex-wrap items-end gap-4"
          onSubmit={(event) => {
            event.preventDefault();
            if (!paused) submit();
          }}
        >
          <label className="text-sm">
            <span className="mb-1 block font-medium text-slate-700">Quantity</span>
            <input
              type="number"
              min={1}
              max={999}
              value={quantity}
              onChange={(e) => setQuantity(e.target.value)}
              aria-invalid={!!fieldErrors.quantity}
              className="w-24 rounded-md border border-slate-300 px-3 py-1.5"
            />
            {fieldErrors.quantity && (
              <span className="mt-1 block text-xs text-red-700">Quantity {fieldErrors.quantity[0]}.</span>
            )}
          </label>
          <label className="text-sm">
            <span className="mb-1 block font-medium text-slate-700">Customer reference</span>
            <input
              value={customerReference}
              onChange={(e) => setCustomerReference(e.target.value)}
              maxLength={64}
              aria-invalid={!!fieldErrors.customerReference}
              className="w-64 rounded-md border border-slate-300 px-3 py-1.5"
              placeholder="e.g. PO-4711"
            />
            {fieldErrors.customerReference && (
              <span className="mt-1 block text-xs text-red-700">
                Customer reference {fieldErrors.customerReference[0]}.
              </span>
            )}
          </label>
          <Button type="submit" unavailable={paused} data-focus-target>
            Create order
          </Button>
          {order.startFailure && order.startFailure.code !== "INVALID_INPUT" && (
            <p role="alert" className="w-full text-sm text-red-700">
              {order.startFailure.message}
            </p>
          )}
        </form>
      </div>
    );
  }

  const states = stepStates(view, order.isStarting);
  const details = view && !order.isPending && (
    <DetailsLink id={view.id} of={`the order for ${productName}`} />
  );
  const failedAt = states.indexOf("failed");
  const result = view?.status === "completed" ? OrderResultSchema.safeParse(view.result) : null;

  return (
    <div ref={container} data-subject={orderSubject(productId)} className="space-y-4">
      <ol aria-label="Order progress" className="flex flex-wrap gap-2 text-sm">
        {ORDER_STEPS.map((name, i) => {
          const state = states[i] ?? "waiting";
          return (
            <li
              key={name}
              aria-label={`${name}: ${STEP_WORDS[state]}`}
              aria-current={state === "current" ? "step" : undefined}
              className={`flex items-center gap-2 rounded-full px-3 py-1 ring-1 ring-inset ${
                state === "done"
                  ? "bg-emerald-50 text-emerald-800 ring-emerald-200"
                  : state === "current"
                    ? "bg-sky-50 font-medium text-sky-800 ring-sky-300"
                    : state === "failed"
                      ? "bg-red-50 font-medium text-red-800 ring-red-200"
                      : "bg-slate-50 text-slate-500 ring-slate-200"
              }`}
            >
              <span aria-hidden>
                {state === "done" ? "✓" : state === "failed" ? "✕" : state === "current" ? "●" : "○"}
              </span>
              {i + 1}. {name}
            </li>
          );
        })}
      </ol>

      {order.isPending && (
        <div className="flex flex-wrap items-center gap-x-3 gap-y-1">
          <SubmittedButton target={`the order for ${productName}`} />
          {view?.status === "pending" && <Waiting since={view.createdAt} deadline={view.deadlineAt} />}
          <LinkButton onClick={order.cancel} target={`the order for ${productName}`}>
            Cancel
          </LinkButton>
        </div>
      )}

      {view?.status === "failed" && view.error && (
        <div className="space-y-2">
          <RequestFailure
            headline={`${ORDER_STEPS[failedAt] ?? "The order"} failed.`}
            error={view.error}
            onRetry={order.retry}
            target={`the order for ${productName}`}
            credentials={ORDER_CREDENTIALS}
            details={details}
          >
            {" "}
            {view.step === 0
              ? "No order was sent to the ERP."
              : view.step === 1
                ? "The ERP may already have the order: Retry finishes it without creating a second one."
                : "Retry records it on the desk without creating a second one."}
          </RequestFailure>
          {/* Once the order request may have reached the ERP, a new intent could order twice. */}
          {view.step === 0 && <LinkButton onClick={() => setIsEditing(true)}>Start over</LinkButton>}
        </div>
      )}

      {view?.status === "cancelled" && (
        <div className="flex flex-wrap items-center gap-3 text-sm text-slate-600">
          {view.step === 0 ? (
            <>
              Cancelled before anything was sent to the ERP.
              <LinkButton onClick={() => setIsEditing(true)}>New order</LinkButton>
              {details}
            </>
          ) : (
            <>
              Cancelled; the ERP may already have the order.
              <Button
                tone="quiet"
                onClick={order.retry}
                unavailable={paused}
                target={`the order for ${productName}`}
                data-focus-target
              >
                Retry
              </Button>
              {details}
            </>
          )}
        </div>
      )}

      {result?.success && (
        <div className="space-y-2">
          <p data-testid="status" tabIndex={-1} data-focus-target className="text-sm focus:outline-none">
            Order <strong className="font-mono">{result.data.orderNumber}</strong> placed (
            {result.data.quantity} ×, reference {result.data.customerReference}). ERP status:{" "}
            <strong>{result.data.status}</strong>.
          </p>
          {view?.finishedAt && <CheckedAt at={view.finishedAt} verb="status read" />}
          <div className="flex items-center gap-4">
            <Link href="/orders" className="text-sm font-medium text-sky-800 hover:underline">
              See all orders
            </Link>
            <LinkButton onClick={() => setIsEditing(true)}>New order</LinkButton>
            {details}
          </div>
        </div>
      )}
    </div>
  );
}
