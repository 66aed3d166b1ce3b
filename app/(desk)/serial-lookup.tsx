import { getDb } from "@/lib/server/db";
import { getRuntime } from "@/lib/server/runtime";
import { listRecentSerialLookups } from "@/lib/warranty/list-serial-lookups";
import { warrantySerialSubject } from "@/lib/warranty/warranty-outcome";
import { SerialLookupForm } from "./serial-lookup-form";
import { Panel } from "./ui";
import { WarrantyCell } from "./warranty-cell";

/** How many of the agent's serial lookups the desk shows again. */
const RECENT_LOOKUPS = 5;

/**
 * Look up a serial number that may not be in the product list, and the agent's own recent serial
 * lookups (newest first), each with its latest result or pending state, so a reload loses none.
 */
export async function SerialLookup({ agentId }: { agentId: string }) {
  const serials = await listRecentSerialLookups(getDb(), agentId, RECENT_LOOKUPS);
  const latest = await getRuntime().latestBySubject(agentId, serials.map(warrantySerialSubject));
  const bySubject = new Map(latest.map((view) => [view.subject, view]));

  return (
    <Panel id="serial-lookup" title="Look up a serial number">
      <SerialLookupForm />
      {serials.length > 0 && (
        <div className="mt-5 border-t border-slate-100 pt-4">
          <h3 id="recent-serial-lookups" className="mb-2 text-sm font-medium text-slate-700">
            Your recent serial lookups
          </h3>
          <ul aria-labelledby="recent-serial-lookups" className="divide-y divide-slate-100 text-sm">
            {serials.map((serial) => {
              const view = bySubject.get(warrantySerialSubject(serial));
              return (
                <li key={serial} className="flex flex-col gap-1 py-2 sm:flex-row sm:items-start sm:gap-4">
                  <span className="shrink-0 font-mono text-slate-700 sm:w-28 sm:pt-1.5">{serial}</span>
                  <div className="min-w-0 flex-1">
                    <WarrantyCell target={{ serial }} name={`serial ${serial}`} initial={view} />
                  </div>
                </li>
              );
            })}
          </ul>
        </div>
      )}
    </Panel>
  );
}
