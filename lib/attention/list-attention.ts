import "server-only";
import type { Runtime } from "@/lib/continuation";
import type { Db } from "@/lib/db";
import { createdOrder, orderLineOf, recordedOrderNumbers } from "@/lib/orders/unrecorded-orders";
import type { AttentionItem, AttentionKind } from "./attention-item";
import { BY_PRODUCT, hrefOf, kindOf } from "./work-subjects";

/** The most items the worklist shows (the newest). */
export const ATTENTION_LIMIT = 100;
// How many of the agent's unfinished or failed continuations are read to find them.
const SCAN_LIMIT = 300;

/** What the worklist reads from and through. */
export interface AttentionDeps {
  db: Db;
  runtime: Runtime;
}

const LABELS: Record<AttentionKind, string> = {
  warranty: "Warranty lookup",
  serial: "Serial lookup",
  order: "Order",
  "order-status": "Order status",
  dashboard: "Product dashboard",
  other: "Request",
};

/**
 * The signed-in agent's "Needs attention" worklist, newest first: their lookups and orders that
 * are still waiting for the ERP or failed, and every order the ERP created that the desk has not
 * recorded (also one whose chain was cancelled at its last step). Left out: completed and
 * cancelled work; a failed attempt a retry replaced (the retry stands for it); a failed lookup
 * superseded by a newer one for the same subject (orders are each their own intent, so a newer
 * order does not hide an older one); an order chain whose number the desk has recorded since;
 * what the agent dismissed. Another agent's work is never read.
 */
export async function listAttention(
  { db, runtime }: AttentionDeps,
  agentId: string,
): Promise<AttentionItem[]> {
  const records = (
    await runtime.listByOwner(agentId, { statuses: ["pending", "failed", "cancelled"], limit: SCAN_LIMIT })
  ).map((record) => {
    const { kind, key } = kindOf(record.view.subject);
    const created = kind === "order" ? createdOrder(record) : null;
    return { record, kind, key, created, erpNumber: created?.erpNumber ?? null };
  });
  const lookupSubjects = new Set(
    records.flatMap(({ kind, record }) =>
      kind !== "order" && record.view.subject ? [record.view.subject] : [],
    ),
  );
  const ids = records.map(({ record }) => record.view.id);
  const [latest, recorded, dismissals, products] = await Promise.all([
    runtime.latestBySubject(agentId, [...lookupSubjects]),
    recordedOrderNumbers(
      db,
      records.flatMap(({ created }) => (created ? [created] : [])),
    ),
    db.attentionDismissal.findMany({
      where: { agentId, continuationId: { in: ids } },
      select: { continuationId: true },
    }),
    db.product.findMany({
      where: { id: { in: records.flatMap(({ kind, key }) => (BY_PRODUCT.has(kind) ? [key] : [])) } },
      select: { id: true, name: true },
    }),
  ]);
  const latestBySubject = new Map(latest.map((view) => [view.subject, view.id]));
  const dismissed = new Set(dismissals.map((d) => d.continuationId));
  const productNames = new Map(products.map((p) => [p.id, p.name]));

  const items: AttentionItem[] = [];
  for (const { record, kind, key, erpNumber } of records) {
    const { view } = record;
    if (erpNumber && recorded.has(erpNumber)) continue;
    if (kind !== "order" && view.subject && latestBySubject.get(view.subject) !== view.id) continue;
    const state =
      view.status === "pending"
        ? "pending"
        : erpNumber
          ? "unrecorded"
          : view.status === "failed"
            ? "failed"
            : null;
    if (state === null || (state === "failed" && dismissed.has(view.id))) continue;
    items.push({
      id: view.id,
      kind,
      label: LABELS[kind],
      target: BY_PRODUCT.has(kind) ? (productNames.get(key) ?? key) : key || "(no subject)",
      detail: kind === "order" ? orderLineOf(record) : null,
      href: hrefOf(kind, key),
      state,
      erpNumber,
      view,
      action: state === "pending" ? null : kind === "order-status" ? "refresh" : "retry",
      canDismiss: state === "failed",
    });
    if (items.length === ATTENTION_LIMIT) break;
  }
  return items;
}

/** How many items the agent's worklist holds (the navigation's count). */
export async function countAttention(deps: AttentionDeps, agentId: string): Promise<number> {
  return (await listAttention(deps, agentId)).length;
}

/** How many orders the ERP created for the agent that the desk has not recorded yet. */
export async function countUnrecordedOrders(deps: AttentionDeps, agentId: string): Promise<number> {
  return (await listAttention(deps, agentId)).filter((item) => item.state === "unrecorded").length;
}
