import type { Metadata } from "next";
import { notFound } from "next/navigation";
import { CONTINUATION_ID, TimelineView } from "@/app/_timeline/timeline-view";
import { getProducts } from "@/lib/server/products";
import { getRuntime } from "@/lib/server/runtime";
import { requireAgent } from "@/lib/server/session";
import { detailsPath } from "../../details-link";
import { describeWork } from "../../work-kinds";

export const dynamic = "force-dynamic";
export const metadata: Metadata = { title: "Details" };

/** Where the Back link of a piece of work goes, named by that page. */
function backLabel(href: string): string {
  if (href.startsWith("/products/")) return "Back to the product";
  if (href === "/orders") return "Back to the orders";
  return "Back to the products";
}

/** The timeline of one of the agent's own continuations; a 404 for anyone else's, or none. */
export default async function DetailsPage({ params }: { params: Promise<{ id: string }> }) {
  const agent = await requireAgent();
  const { id } = await params;
  if (!CONTINUATION_ID.test(id)) notFound();
  const timeline = await getRuntime().timeline(id, { ownerId: agent.id });
  if (!timeline) notFound();
  const products = await getProducts();
  const work = describeWork(
    timeline.continuation.subject,
    Object.fromEntries(products.map((p) => [p.id, p.name])),
  );
  return (
    <TimelineView
      timeline={timeline}
      title={work.title}
      back={{ href: work.href, label: backLabel(work.href) }}
      hrefOf={detailsPath}
    />
  );
}
