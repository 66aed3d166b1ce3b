import { dashboardSubject } from "@/lib/dashboard/dashboard-views";
import { orderRefreshSubject, orderSubject } from "@/lib/orders/order-views";
import { SERIAL_SUBJECT_PREFIX, warrantySubject } from "@/lib/warranty/warranty-outcome";
import type { AttentionKind } from "./attention-item";

// Safe in the browser: the worklist (server) and the desk's toasts (browser) read subjects alike.

const KINDS: readonly [prefix: string, kind: AttentionKind][] = [
  [warrantySubject(""), "warranty"],
  [SERIAL_SUBJECT_PREFIX, "serial"],
  [orderSubject(""), "order"],
  [orderRefreshSubject(""), "order-status"],
  [dashboardSubject(""), "dashboard"],
];

/** The kinds of work filed under a product id (the rest: a serial, an order number). */
export const BY_PRODUCT: ReadonlySet<AttentionKind> = new Set(["warranty", "order", "dashboard"]);

/** What kind of work a subject files, and its key (a product id, a serial, an order number). */
export function kindOf(subject: string | null): { kind: AttentionKind; key: string } {
  const match = subject ? KINDS.find(([prefix]) => subject.startsWith(prefix)) : undefined;
  return match
    ? { kind: match[1], key: subject!.slice(match[0].length) }
    : { kind: "other", key: subject ?? "" };
}

/** The desk page that shows a piece of work, if any. */
export function hrefOf(kind: AttentionKind, key: string): string | null {
  if (BY_PRODUCT.has(kind)) return `/products/${encodeURIComponent(key)}`;
  if (kind === "order-status") return "/orders";
  if (kind === "serial") return "/";
  return null;
}
