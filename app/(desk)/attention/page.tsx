import type { Metadata } from "next";
import { listAttention } from "@/lib/attention/list-attention";
import { attentionDeps } from "@/lib/server/attention";
import { requireAgent } from "@/lib/server/session";
import { AttentionSummary } from "./attention-count";
import { AttentionList, EmptyWorklist } from "./attention-list";

export const dynamic = "force-dynamic";
export const metadata: Metadata = { title: "Needs attention" };

export default async function AttentionPage() {
  const agent = await requireAgent();
  const items = await listAttention(attentionDeps(), agent.id);
  return (
    <section aria-labelledby="attention-heading" className="space-y-4">
      <div className="flex flex-wrap items-end justify-between gap-2">
        <div>
          <h1 id="attention-heading" className="text-2xl font-semibold tracking-tight">
            Needs attention
          </h1>
          <p className="text-sm text-slate-500">
            Your lookups and orders that failed or are still waiting for the ERP, newest first.
          </p>
        </div>
        <AttentionSummary initial={items.length} />
      </div>
      {items.length === 0 ? <EmptyWorklist /> : <AttentionList items={items} />}
    </section>
  );
}
