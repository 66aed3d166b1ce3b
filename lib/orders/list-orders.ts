import "server-only";
import type { Db } from "@/lib/db";

export const ORDERS_PAGE_SIZE = 10;

export interface OrderRow {
  erpNumber: string;
  status: string;
  quantity: number;
  customerReference: string;
  productName: string;
  sku: string;
  createdAt: Date;
  statusUpdatedAt: Date;
  /** When the desk last wrote the row's status (read from the ERP). */
  checkedAt: Date;
}

/** One page (1-based) of an agent's orders, newest first, and how many pages there are. */
export async function listOrders(
  db: Db,
  agentId: string,
  page: number,
): Promise<{ orders: OrderRow[]; page: number; pages: number; total: number }> {
  const total = await db.order.count({ where: { agentId } });
  const pages = Math.max(1, Math.ceil(total / ORDERS_PAGE_SIZE));
  const current = Math.min(Math.max(1, page), pages);
  const rows = await db.order.findMany({
    where: { agentId },
    // The ERP's creation time: an order recorded late (after a retry) still sorts where it belongs.
    orderBy: [{ erpCreatedAt: "desc" }, { erpNumber: "desc" }],
    skip: (current - 1) * ORDERS_PAGE_SIZE,
    take: ORDERS_PAGE_SIZE,
    include: { product: { select: { name: true, sku: true } } },
  });
  return {
    orders: rows.map((o) => ({
      erpNumber: o.erpNumber,
      status: o.status,
      quantity: o.quantity,
      customerReference: o.customerReference,
      productName: o.product.name,
      sku: o.product.sku,
      createdAt: o.erpCreatedAt,
      statusUpdatedAt: o.statusUpdatedAt,
      checkedAt: o.updatedAt,
    })),
    page: current,
    pages,
    total,
  };
}
