import type { AttentionKind } from "@/lib/attention/attention-item";
import { hrefOf, kindOf } from "@/lib/attention/work-subjects";
import type { ContinuationView } from "@/lib/continuation";
import { formatDate } from "@/lib/format";
import { OrderResultSchema } from "@/lib/orders/order-views";
import { WarrantyOutcomeSchema } from "@/lib/warranty/warranty-outcome";

/** A piece of the agent's work as the desk names it: what it is, and where its answer is shown. */
export interface WorkDescription {
  /** "Warranty lookup for Cordless Drill 18V". */
  title: string;
  /** The desk page that shows it. */
  href: string;
}

/**
 * Names a continuation by its subject (`warranty:<productId>`, `warranty-serial:<serial>`,
 * `order:<productId>`, `order-status:<number>`, `dashboard:<productId>`); anything else is "A
 * request". `productNames` maps product ids to names.
 */
export function describeWork(
  subject: string | null,
  productNames: Readonly<Record<string, string>>,
): WorkDescription {
  const { kind, key } = kindOf(subject);
  const product = productNames[key] ?? "a product";
  const href = hrefOf(kind, key) ?? "/";
  const titles: Record<AttentionKind, string> = {
    warranty: `Warranty lookup for ${product}`,
    serial: `Warranty lookup for serial ${key}`,
    order: `Order for ${product}`,
    "order-status": `Status of order ${key}`,
    dashboard: `Dashboard of ${product}`,
    other: "A request",
  };
  return { title: titles[kind], href };
}

/** What a finished continuation came to, in one short sentence. */
export function describeOutcome(view: ContinuationView): string {
  if (view.status === "failed") return view.error?.message ?? "It failed.";
  if (view.status === "cancelled") return "Cancelled.";
  const warranty = WarrantyOutcomeSchema.safeParse(view.result);
  if (warranty.success) {
    const w = warranty.data;
    if (w.outcome === "active") return `Active until ${formatDate(w.endDate)}.`;
    if (w.outcome === "expired") return `Expired on ${formatDate(w.endDate)}.`;
    return "No warranty found.";
  }
  const order = OrderResultSchema.safeParse(view.result);
  if (order.success) return `Order ${order.data.orderNumber}: ${order.data.status}.`;
  return "Done.";
}
