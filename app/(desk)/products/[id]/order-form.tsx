"use client";

import Link from "next/link";
import { useState } from "react";
import { parseFormWholeNumber } from "@/lib/form-input";
import type { ContinuationView } from "@/lib/continuation";
import { ORDER_STEPS, OrderResultSchema } from "@/lib/orders/order-views";
import { createOrderAction } from "../../actions";
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

/** Create order: quantity and customer reference, then the chain's live progress and outcome. */
export function OrderForm({ productId, initial }: { productId: string; initial?: ContinuationView }) {
  const order = useTicket(initial);
  const [quantity, setQuantity] = useState("1");
  const [customerReference, setCustomerReference] = useState("");
  const [isEditing, setIsEditing] = useState(!initial || initial.status === "cancelled");
  const { view } = order;
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
      <form
        className="flex flex-wrap items-end gap-4"
        onSubmit={(event) => {
          event.preventDefault();
          submit();
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
        <Button type="submit">Create order</Button>
        {order.startFailure && order.startFailure.code !== "INVALID_INPUT" && (
          <p role="alert" className="w-full text-sm text-red-700">
            {order.startFailure.message}
          </p>
        )}
      </form>
    );
  }

  const states = stepStates(view, order.isStarting);
  const failedAt = states.indexOf("failed");
  const result = view?.status === "completed" ? OrderResultSchema.safeParse(view.result) : null;

  return (
    <div className="space-y-4">
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
        <div className="flex items-center gap-3">
          <SubmittedButton />
          <LinkButton onClick={order.cancel}>Cancel</LinkButton>
        </div>
      )}

      {view?.status === "failed" && (
        <div className="space-y-2">
          <p role="alert" className="text-sm text-red-700">
            <span className="font-medium">{ORDER_STEPS[failedAt] ?? "The order"} failed.</span>{" "}
            {view.error?.message}{" "}
            {view.step === 0
              ? "No order was sent to the ERP."
              : "The ERP may already have the order: Retry finishes it without creating a second one."}
          </p>
          <div className="flex items-center gap-3">
            <Button tone="quiet" onClick={order.retry}>
              Retry
            </Button>
            {/* Once the order request may have reached the ERP, a new intent could order twice. */}
            {view.step === 0 && <LinkButton onClick={() => setIsEditing(true)}>Start over</LinkButton>}
          </div>
        </div>
      )}

      {view?.status === "cancelled" && (
        <div className="flex flex-wrap items-center gap-3 text-sm text-slate-600">
          {view.step === 0 ? (
            <>
              Cancelled before anything was sent to the ERP.
              <LinkButton onClick={() => setIsEditing(true)}>New order</LinkButton>
            </>
          ) : (
            <>
              Cancelled; the ERP may already have the order.
              <Button tone="quiet" onClick={order.retry}>
                Retry
              </Button>
            </>
          )}
        </div>
      )}

      {result?.success && (
        <div className="space-y-2">
          <p role="status" className="text-sm">
            Order <strong className="font-mono">{result.data.orderNumber}</strong> placed (
            {result.data.quantity} ×, reference {result.data.customerReference}). ERP status:{" "}
            <strong>{result.data.status}</strong>.
          </p>
          <div className="flex items-center gap-4">
            <Link href="/orders" className="text-sm font-medium text-sky-800 hover:underline">
              See all orders
            </Link>
            <LinkButton onClick={() => setIsEditing(true)}>New order</LinkButton>
          </div>
        </div>
      )}
    </div>
  );
}
