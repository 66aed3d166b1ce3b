import Link from "next/link";
import type { Timeline } from "@/lib/continuation";
import { Panel } from "../(desk)/ui";
import { EventList } from "./event-list";
import { TimelineHeader, type TimelineFact } from "./timeline-header";
import { layoutTimeline } from "./timeline-layout";
import { Waterfall } from "./waterfall";

export type { TimelineFact } from "./timeline-header";

/** Matches a continuation id (a v4 UUID, as `crypto.randomUUID()` makes): anything else is a 404. */
export const CONTINUATION_ID = /^[0-9a-f]{8}-[0-9a-f]{4}-4[0-9a-f]{3}-[89ab][0-9a-f]{3}-[0-9a-f]{12}$/;

/**
 * A continuation's timeline page: what it is and where it stands, the waterfall of its callouts by
 * chain step, and every event in order. Shared by the agent's Details page and the operators' view;
 * the page decides who may see it and what it is called.
 */
export function TimelineView({
  timeline,
  title,
  back,
  facts = [],
  hrefOf,
}: {
  timeline: Timeline;
  /** What it is, in the desk's words ("Order for Cordless Drill 18V"). */
  title: string;
  /** Where the viewer came from. */
  back: { href: string; label: string };
  /** Facts the page adds to the header (the agent's username, for operators). */
  facts?: readonly TimelineFact[];
  /** The timeline page of another continuation (a retry, or the one it retried). */
  hrefOf: (id: string) => string;
}) {
  const layout = layoutTimeline(timeline);
  return (
    <div className="space-y-6">
      <div>
        <Link href={back.href} className="text-sm text-slate-500 hover:text-slate-800">
          ← {back.label}
        </Link>
        <p className="mt-2 text-sm font-medium text-sky-800">Details</p>
        <h1 className="text-2xl font-semibold tracking-tight">{title}</h1>
      </div>
      <Panel id="timeline-summary" title="Summary">
        <TimelineHeader timeline={timeline} durationMs={layout.axis.span} facts={facts} hrefOf={hrefOf} />
      </Panel>
      <Panel id="waterfall" title="Waterfall">
        <Waterfall layout={layout} />
      </Panel>
      <Panel id="events" title="Events">
        <EventList events={timeline.events} start={layout.axis.start} hrefOf={hrefOf} />
      </Panel>
    </div>
  );
}
