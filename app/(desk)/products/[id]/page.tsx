import type { Metadata } from "next";
import Link from "next/link";
import { notFound } from "next/navigation";
import { cache } from "react";
import { dashboardSubject } from "@/lib/dashboard/dashboard-views";
import { orderSubject } from "@/lib/orders/order-views";
import { getDb } from "@/lib/server/db";
import { getRuntime } from "@/lib/server/runtime";
import { requireAgent } from "@/lib/server/session";
import { warrantySubject } from "@/lib/warranty/warranty-outcome";
import { Panel } from "../../ui";
import { WarrantyCell } from "../../warranty-cell";
import { DashboardPanel } from "./dashboard-panel";
import { OrderForm } from "./order-form";

export const dynamic = "force-dynamic";

type Props = { params: Promise<{ id: string }> };

// One read per request for the title and the page; an unknown id is the desk's 404.
const findProduct = cache(async (id: string) => {
  const product = await getDb().product.findUnique({ where: { id } });
  if (!product) notFound();
  return product;
});

export async function generateMetadata({ params }: Props): Promise<Metadata> {
  await requireAgent();
  return { title: (await findProduct((await params).id)).name };
}

export default async function ProductPage({ params }: Props) {
  const agent = await requireAgent();
  const { id } = await params;
  const product = await findProduct(id);
  const subjects = [warrantySubject(id), orderSubject(id), dashboardSubject(id)] as const;
  const latest = new Map(
    (await getRuntime().latestBySubject(agent.id, subjects)).map((view) => [view.subject, view]),
  );

  return (
    <div className="space-y-6">
      <div>
        <Link href="/" className="text-sm text-slate-500 hover:text-slate-800">
          ← All products
        </Link>
        <h1 className="mt-2 text-2xl font-semibold tracking-tight">{product.name}</h1>
        <p className="text-sm text-slate-500">
          SKU {product.sku} · Serial <span className="font-mono">{product.serialNumber}</span>
        </p>
      </div>

      <Panel id="warranty" title="Warranty">
        <WarrantyCell target={{ productId: id }} name={product.name} initial={latest.get(subjects[0])} />
      </Panel>
      <Panel id="order" title="Create order">
        <OrderForm productId={id} productName={product.name} initial={latest.get(subjects[1])} />
      </Panel>
      <Panel id="dashboard" title="Dashboard">
        <DashboardPanel productId={id} productName={product.name} initial={latest.get(subjects[2])} />
      </Panel>
    </div>
  );
}
