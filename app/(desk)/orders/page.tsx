import type { Metadata } from "next";
import Link from "next/link";
import { listOrders } from "@/lib/orders/list-orders";
import { orderRefreshSubject } from "@/lib/orders/order-views";
import { getDb } from "@/lib/server/db";
import { getRuntime } from "@/lib/server/runtime";
import { requireAgent } from "@/lib/server/session";
import { LocalDate } from "../clock";
import { RefreshStatus } from "./refresh-status";
import { UnrecordedOrders } from "./unrecorded-orders";
import { TableHead } from "../ui";

export const dynamic = "force-dynamic";
export const metadata: Metadata = { title: "Orders" };

export default async function OrdersPage({ searchParams }: { searchParams: Promise<{ page?: string }> }) {
  const agent = await requireAgent();
  const requested = Number.parseInt((await searchParams).page ?? "1", 10);
  const { orders, page, pages, total } = await listOrders(
    getDb(),
    agent.id,
    Number.isFinite(requested) ? requested : 1,
  );
  const refreshes = new Map(
    (
      await getRuntime().latestBySubject(
        agent.id,
        orders.map((o) => orderRefreshSubject(o.erpNumber)),
      )
    ).map((v) => [v.subject, v]),
  );

  return (
    <section aria-labelledby="orders-heading">
      <div className="mb-4 flex flex-wrap items-end justify-between gap-x-4 gap-y-1">
        <div>
          <h1 id="orders-heading" className="text-2xl font-semibold tracking-tight">
            Orders
          </h1>
          <p className="text-sm text-slate-500">Your orders in the ERP, newest first.</p>
        </div>
        <p className="text-sm text-slate-500">{total === 1 ? "1 order" : `${total} orders`}</p>
      </div>
      <UnrecordedOrders agentId={agent.id} />
      {orders.length === 0 ? (
        <p className="rounded-xl border border-dashed border-slate-300 bg-white p-8 text-center text-sm text-slate-500">
          No orders yet. Open a product on the{" "}
          <Link href="/" className="text-sky-800 underline">
            products
          </Link>{" "}
          page to create one.
        </p>
      ) : (
        // Cards under 40rem (globals.css .card-table), hence the explicit roles.
        <div className="overflow-x-auto rounded-xl border border-slate-200 bg-white shadow-sm">
          <table role="table" className="card-table w-full text-left text-sm">
            <TableHead columns={["ERP number", "Product", "Qty", "Customer reference", "Placed", "Status"]} />
            <tbody role="rowgroup" className="divide-y divide-slate-100">
              {orders.map((order) => (
                <tr role="row" key={order.erpNumber}>
                  <th role="rowheader" scope="row" className="px-4 py-3 font-mono font-medium">
                    {order.erpNumber}
                  </th>
                  <td role="cell" data-label="Product" className="px-4 py-3">
                    <div>
                      {order.productName}
                      <span className="block text-xs text-slate-500">{order.sku}</span>
                    </div>
                  </td>
                  <td role="cell" data-label="Qty" className="px-4 py-3">
                    {order.quantity}
                  </td>
                  <td role="cell" data-label="Customer ref." className="px-4 py-3 break-words">
                    {order.customerReference}
                  </td>
                  <td role="cell" data-label="Placed" className="px-4 py-3 text-slate-600">
                    <LocalDate at={order.createdAt.toISOString()} />
                  </td>
                  <td role="cell" data-label="Status" className="px-4 py-3">
                    <RefreshStatus
                      orderNumber={order.erpNumber}
                      status={order.status}
                      checkedAt={order.checkedAt.toISOString()}
                      initial={refreshes.get(orderRefreshSubject(order.erpNumber))}
                    />
                  </td>
                </tr>
              ))}
            </tbody>
          </table>
        </div>
      )}
      {pages > 1 && (
        <nav aria-label="Pages" className="mt-4 flex items-center justify-between text-sm">
          {page > 1 ? (
            <Link href={`/orders?page=${page - 1}`} className="font-medium text-sky-800 hover:underline">
              ← Newer
            </Link>
          ) : (
            <span />
          )}
          <span className="text-slate-500">
            Page {page} of {pages}
          </span>
          {page < pages ? (
            <Link href={`/orders?page=${page + 1}`} className="font-medium text-sky-800 hover:underline">
              Older →
            </Link>
          ) : (
            <span />
          )}
        </nav>
      )}
    </section>
  );
}
