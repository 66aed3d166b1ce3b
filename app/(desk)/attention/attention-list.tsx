"use client";

import { useState } from "react";
import type { AttentionItem } from "@/lib/attention/attention-item";
import { AttentionRow } from "./attention-row";

/** The worklist's items, newest first; a dismissed item leaves the list at once. */
export function AttentionList({ items }: { items: AttentionItem[] }) {
  const [dismissed, setDismissed] = useState<ReadonlySet<string>>(new Set());
  const shown = items.filter((item) => !dismissed.has(item.id));
  if (shown.length === 0) return <EmptyWorklist />;
  return (
    <ul
      aria-label="Needs attention"
      className="divide-y divide-slate-100 rounded-xl border border-slate-200 bg-white shadow-sm"
    >
      {shown.map((item) => (
        <AttentionRow
          key={item.id}
          item={item}
          onDismissed={(id) => setDismissed((current) => new Set([...current, id]))}
        />
      ))}
    </ul>
  );
}

/** What the worklist says when nothing needs the agent. */
export function EmptyWorklist() {
  return (
    <p className="rounded-xl border border-dashed border-slate-300 bg-white p-8 text-center text-sm text-slate-500">
      Nothing needs your attention: every lookup and order you started has finished.
    </p>
  );
}
