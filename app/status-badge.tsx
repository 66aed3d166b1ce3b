import type { ReactNode } from "react";
import type { ContinuationStatus } from "@/lib/continuation";

const TONES: Record<ContinuationStatus, string> = {
  pending: "bg-sky-50 text-sky-900 ring-sky-200",
  completed: "bg-emerald-50 text-emerald-900 ring-emerald-200",
  failed: "bg-red-50 text-red-800 ring-red-200",
  cancelled: "bg-slate-100 text-slate-700 ring-slate-300",
};

/**
 * A continuation's status as a pill, coloured by status (the console's list, small; a timeline's
 * header, large). Shows the status itself unless given words of its own.
 */
export function StatusBadge({
  status,
  large = false,
  children,
  "data-testid": testId,
}: {
  status: ContinuationStatus;
  large?: boolean;
  children?: ReactNode;
  "data-testid"?: string;
}) {
  const size = large ? "px-3 py-1 text-sm" : "px-2 py-0.5 text-xs";
  return (
    <span
      data-testid={testId}
      className={`inline-flex rounded-full font-medium ring-1 ring-inset ${size} ${TONES[status]}`}
    >
      {children ?? status}
    </span>
  );
}
