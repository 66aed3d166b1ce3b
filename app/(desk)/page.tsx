import type { Metadata } from "next";
import Link from "next/link";
import { getRuntime } from "@/lib/server/runtime";
import { getProducts } from "@/lib/server/products";
import { requireAgent } from "@/lib/server/session";
import { warrantySubject } from "@/lib/warranty/warranty-outcome";
import { SerialLookup } from "./serial-lookup";
import { WarrantyCell } from "./warranty-cell";
import { TableHead } from "./ui";

export const dynamic = "force-dynamic";
export const metadata: Metadata = { title: "Products" };

export default async function DeskPage() {
  const agent = await requireAgent();
  const products = await getProducts();
  const latest = await getRuntime().latestBySubject(
    agent.id,
    products.map((p) => warrantySubject(p.id)),
  );
  const bySubject = new Map(latest.map((view) => [view.subject, view]));

  return (
    <section aria-labelledby="products-heading">
      <div className="mb-4 flex flex-wrap items-end justify-between gap-x-4 gap-y-1">
        <div>
          <h1 id="products-heading" className="text-2xl font-semibold tracking-tight">
            Products
          </h1>
          <p className="text-sm text-slate-500">
            Get a product&apos;s warranty from the ERP. Answers can take a while; you can keep working
            meanwhile.
          </p>
        </div>
        <p className="text-sm text-slate-500">{products.length} products</p>
      </div>
      <div className="mb-6">
        <SerialLookup agentId={agent.id} />
      </div>
      {/* Cards under 40rem (globals.css .card-table), hence the explicit roles. */}
      <div className="overflow-x-auto rounded-xl border border-slate-200 bg-white shadow-sm">
        <table role="table" className="card-table w-full table-fixed text-left text-sm">
          <colgroup>
            <col className="w-[32%]" />
            <col className="w-[18%]" />
            <col />
          </colgroup>
          <TableHead columns={["Product", "Serial number", "Warranty"]} />
          <tbody role="rowgroup" className="divide-y divide-slate-100">
            {products.map((product) => (
              <tr role="row" key={product.id}>
                <th role="rowheader" scope="row" className="px-4 py-3 font-normal">
                  <Link
                    href={`/products/${product.id}`}
                    className="block font-medium text-slate-900 hover:text-sky-800 hover:underline"
                  >
                    {product.name}
                  </Link>
                  <span className="block text-xs text-slate-500">{product.sku}</span>
                </th>
                <td role="cell" data-label="Serial" className="px-4 py-3 font-mono text-slate-700">
                  {product.serialNumber}
                </td>
                <td role="cell" className="px-4 py-3">
                  <WarrantyCell
                    target={{ productId: product.id }}
                    name={product.name}
                    initial={bySubject.get(warrantySubject(product.id))}
                  />
                </td>
              </tr>
            ))}
          </tbody>
        </table>
      </div>
    </section>
  );
}
