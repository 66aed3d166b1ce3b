import type { Metadata } from "next";
import { notFound } from "next/navigation";
import { describeWork } from "@/app/(desk)/work-kinds";
import { CONTINUATION_ID, TimelineView } from "@/app/_timeline/timeline-view";
import { kindOf } from "@/lib/attention/work-subjects";
import { getDb } from "@/lib/server/db";
import { getRuntime } from "@/lib/server/runtime";
import { requireOperator } from "@/lib/server/session";

export const dynamic = "force-dynamic";
export const metadata: Metadata = { title: "Details" };

/**
 * Any agent's continuation, for operators (a 404 for everyone else). It names the work by its
 * subject's key (a product id, an order number), not by reading the domain's data.
 */
export default async function OperatorDetailsPage({ params }: { params: Promise<{ id: string }> }) {
  await requireOperator();
  const { id } = await params;
  if (!CONTINUATION_ID.test(id)) notFound();
  const timeline = await getRuntime().timeline(id, { operator: true });
  if (!timeline) notFound();
  const { subject, ownerId } = timeline.continuation;
  const { key } = kindOf(subject);
  const owner = await getDb().agent.findUnique({ where: { id: ownerId }, select: { username: true } });
  return (
    <TimelineView
      timeline={timeline}
      title={describeWork(subject, { [key]: key }).title}
      back={{ href: "/ops", label: "Back to the console" }}
      facts={[{ term: "Agent", value: owner?.username ?? "(deleted agent)" }]}
      hrefOf={(other) => `/ops/continuations/${other}`}
    />
  );
}
