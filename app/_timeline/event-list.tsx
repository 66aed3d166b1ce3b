import Link from "next/link";
import type { ReactNode } from "react";
import type { StoredEvent } from "@/lib/continuation";
import { ExactTime } from "./exact-time";
import { detailNumber, detailString } from "./timeline-layout";
import { describeStatus, EVENT_WORDS, formatBytes, formatDuration, formatOffset } from "./timeline-words";

const plural = (n: number, one: string) => `${n} ${one}${n === 1 ? "" : "s"}`;

/** What an event's detail says, in words; `hrefOf` links a retry to its own timeline. */
export function describeEvent(event: StoredEvent, hrefOf: (id: string) => string): ReactNode {
  const n = (key: string) => detailNumber(event, key);
  const s = (key: string) => detailString(event, key);
  const status = n("statusCode");
  switch (event.kind) {
    case "started":
    case "advanced": {
      const requests = n("requests");
      return [s("callback") && `callback ${s("callback")}`, requests !== null && plural(requests, "request")]
        .filter(Boolean)
        .join(", ");
    }
    case "sent":
      return [s("method"), s("url"), n("requestBytes") !== null && formatBytes(n("requestBytes")!)]
        .filter(Boolean)
        .join(" ");
    case "retried":
      return [
        `attempt ${n("attempt") ?? "?"}`,
        status !== null && describeStatus(status),
        s("error"),
        n("ms") !== null && `after ${formatDuration(n("ms")!)}`,
      ]
        .filter(Boolean)
        .join(", ");
    case "answered":
      return [
        status !== null && describeStatus(status),
        n("attempts") !== null && plural(n("attempts")!, "attempt"),
        n("ms") !== null && formatDuration(n("ms")!),
        n("responseBytes") !== null && formatBytes(n("responseBytes")!),
        s("credential") && `through ${s("credential")}`,
        s("error"),
      ]
        .filter(Boolean)
        .join(", ");
    case "callback":
      return [
        s("callback"),
        n("ms") !== null && `ran ${formatDuration(n("ms")!)}`,
        n("stateBytes") !== null && `state ${formatBytes(n("stateBytes")!)}`,
      ]
        .filter(Boolean)
        .join(", ");
    case "failed":
      return [s("code"), s("message")].filter(Boolean).join(": ");
    case "cancelled":
      return s("by") ? `by ${s("by")}` : "";
    case "retried_as": {
      const id = s("id");
      return id ? (
        <Link href={hrefOf(id)} className="font-mono text-sky-800 underline">
          {id}
        </Link>
      ) : (
        ""
      );
    }
    case "taken_over":
      return s("from")
        ? `by ${event.instance ?? "an instance"} from ${s("from")}, whose lease had ended`
        : `by ${event.instance ?? "an instance"}, after it was released`;
    default:
      return "";
  }
}

/**
 * Every event of the timeline in the order it was written: time from the start and exact time,
 * what happened in words, and the instance that wrote it. A table on wide screens, cards on narrow.
 */
export function EventList({
  events,
  start,
  hrefOf,
}: {
  events: readonly StoredEvent[];
  /** Epoch ms of the axis's start. */
  start: number;
  hrefOf: (id: string) => string;
}) {
  if (events.length === 0) {
    return <p className="text-sm text-slate-500">No events were recorded for it.</p>;
  }
  const th = "px-3 py-2 font-medium";
  return (
    <div className="overflow-x-auto">
      <table role="table" aria-label="Events" className="card-table w-full text-left text-sm">
        <thead role="rowgroup" className="bg-slate-50 text-xs tracking-wide text-slate-500 uppercase">
          <tr role="row">
            <th role="columnheader" scope="col" className={th}>
              Event
            </th>
            <th role="columnheader" scope="col" className={th}>
              Time
            </th>
            <th role="columnheader" scope="col" className={th}>
              Detail
            </th>
            <th role="columnheader" scope="col" className={th}>
              Instance
            </th>
          </tr>
        </thead>
        <tbody role="rowgroup" className="divide-y divide-slate-100">
          {events.map((event) => {
            const at = new Date(event.at);
            return (
              <tr role="row" key={event.seq} data-kind={event.kind}>
                <th role="rowheader" scope="row" className="px-3 py-2 font-medium">
                  {EVENT_WORDS[event.kind] ?? event.kind}
                  {event.label && <span className="font-mono font-normal"> {event.label}</span>}
                  <span className="block text-xs font-normal text-slate-500">step {event.step + 1}</span>
                </th>
                <td role="cell" data-label="Time" className="px-3 py-2 whitespace-nowrap">
                  <span className="font-medium tabular-nums">{formatOffset(at.getTime() - start)}</span>{" "}
                  <span className="text-xs text-slate-500 sm:block">
                    <ExactTime at={at.toISOString()} />
                  </span>
                </td>
                <td role="cell" data-label="Detail" className="px-3 py-2 break-words text-slate-700">
                  {describeEvent(event, hrefOf) || "–"}
                </td>
                <td role="cell" data-label="Instance" className="px-3 py-2 break-words text-slate-600">
                  {event.instance ?? "–"}
                </td>
              </tr>
            );
          })}
        </tbody>
      </table>
    </div>
  );
}
