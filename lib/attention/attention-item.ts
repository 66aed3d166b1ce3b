import type { ContinuationView } from "@/lib/continuation";

/**
 * What kind of work an item is, read from the subject its action filed it under; `other` for any
 * subject the worklist does not know (it is still listed, by its subject).
 */
export type AttentionKind = "warranty" | "serial" | "order" | "order-status" | "dashboard" | "other";

/**
 * Where an item stands: `pending` (the ERP has not answered yet), `failed`, or `unrecorded`: an
 * order chain the ERP answered with a number but that ended before the desk recorded it.
 */
export type AttentionState = "pending" | "failed" | "unrecorded";

/** One row of an agent's "Needs attention" worklist (safe to send to the agent's browser). */
export interface AttentionItem {
  /** The continuation it stands for. */
  id: string;
  kind: AttentionKind;
  /** What it is, as the desk names it ("Warranty lookup", "Order", …). */
  label: string;
  /** Which one: a product's name, an order number, a serial, or the subject as filed. */
  target: string;
  /** More of what it is, where the desk knows it (an order's quantity and customer reference). */
  detail: string | null;
  /** Where to see it in its context (a product page, the orders), if anywhere. */
  href: string | null;
  state: AttentionState;
  /** The ERP's number of an order the ERP has created (unrecorded orders). */
  erpNumber: string | null;
  /** The live view: the page follows it, and it tells what happened. */
  view: ContinuationView;
  /** The safe next action besides Dismiss: Retry (same keys), Refresh status, or nothing yet. */
  action: "retry" | "refresh" | null;
  /** Unrecorded orders cannot be dismissed: the ERP holds them, and only Retry records them. */
  canDismiss: boolean;
}

/** The path of the worklist page. */
export const ATTENTION_PATH = "/attention";
