import type { ContinuationStatus } from "@/lib/continuation";

const TONES: Record<ContinuationStatus, string> = {
  pending: "bg-sky-50 text-sky-900 ring-sky-200",
  completed: "bg-emerald-50 text-emerald-900 ring-emerald-200",
  failed: "bg-red-50 text-red-800 ring-red-200",
  cancelled: "bg-slate-100 text-slate-700 ring-slate-300",
};

/** A continuation's status as a small pill. */
export function StatusBadge({ status }: { status: ContinuationStatus }) {
  return (
    <span className={`inline-flex rounded-full px-2 py-0.5 text-xs font-medium ring-1 ${TONES[status]}`}>
      {status}
    </span>
  );
}
