"use client";

import { useQueryClient } from "@tanstack/react-query";
import Link from "next/link";
import { useEffect, useRef, useState } from "react";
import type { ContinuationView } from "@/lib/continuation";
import { useAnnounce } from "./announcer";
import { describeOutcome, describeWork } from "./work-kinds";

interface Toast {
  id: string;
  title: string;
  outcome: string;
  href: string;
  failed: boolean;
}

const SHOWN_MS = 12_000;
const MAX_SHOWN = 3;

const isFinished = (status: string | undefined) => status === "completed" || status === "failed";

/** Whether a component showing `subject` (`data-subject`) is on screen now. */
function isInView(subject: string | null): boolean {
  if (!subject) return false;
  const shown = document.querySelector(`[data-subject="${CSS.escape(subject)}"]`);
  if (!shown) return false;
  const box = shown.getBoundingClientRect();
  return box.bottom > 0 && box.top < window.innerHeight && box.width > 0;
}

/**
 * Tells the agent when work finishes, whatever desk page they are on: a toast with a link to where
 * the answer is (none when the answer is on screen already), and the same sentence in the page's
 * live region. It watches the query cache, where
 * the event stream puts every change of the agent's continuations (started in this tab or another):
 * a continuation seen pending, or first heard of through a push, that is now completed or failed.
 * A toast stays while pointed at or focused.
 */
export function FinishedToasts({ productNames }: { productNames: Readonly<Record<string, string>> }) {
  const queryClient = useQueryClient();
  const announce = useAnnounce();
  const [toasts, setToasts] = useState<Toast[]>([]);
  const held = useRef(new Set<string>());

  useEffect(() => {
    const seen = new Map<string, string>();
    for (const query of queryClient.getQueryCache().findAll({ queryKey: ["continuation"] })) {
      const view = query.state.data as ContinuationView | undefined;
      if (view) seen.set(view.id, view.status);
    }
    return queryClient.getQueryCache().subscribe((event) => {
      if (event.type !== "updated" || event.action.type !== "success") return;
      if (event.query.queryKey[0] !== "continuation") return;
      const view = event.query.state.data as ContinuationView | undefined;
      if (!view) return;
      const before = seen.get(view.id);
      seen.set(view.id, view.status);
      const heardFirst = before === undefined && event.action.manual === true;
      if (!isFinished(view.status) || !(before === "pending" || heardFirst)) return;
      const work = describeWork(view.subject, productNames);
      const toast = {
        id: view.id,
        title: `${work.title} ${view.status === "failed" ? "failed" : "finished"}`,
        outcome: describeOutcome(view),
        href: work.href,
        failed: view.status === "failed",
      };
      announce(`${toast.title}. ${toast.outcome}`);
      // Where the answer is already in view, it speaks for itself: no toast over it.
      if (isInView(view.subject)) return;
      setToasts((current) => [toast, ...current.filter((t) => t.id !== toast.id)].slice(0, MAX_SHOWN));
      setTimeout(function hide() {
        if (held.current.has(toast.id)) return void setTimeout(hide, 2_000);
        setToasts((current) => current.filter((t) => t.id !== toast.id));
      }, SHOWN_MS);
    });
  }, [queryClient, announce, productNames]);

  const dismiss = (id: string) => {
    held.current.delete(id);
    setToasts((current) => current.filter((t) => t.id !== id));
  };
  const hold = (id: string, on: boolean) => (on ? held.current.add(id) : held.current.delete(id));

  if (toasts.length === 0) return null;
  return (
    <section
      aria-label="Notifications"
      className="fixed right-4 bottom-4 left-4 z-50 flex flex-col items-end gap-2 sm:left-auto sm:w-96"
    >
      {toasts.map((toast) => (
        <div
          key={toast.id}
          data-testid="toast"
          onMouseEnter={() => hold(toast.id, true)}
          onMouseLeave={() => hold(toast.id, false)}
          onFocus={() => hold(toast.id, true)}
          onBlur={() => hold(toast.id, false)}
          className={`w-full rounded-lg border bg-white p-3 text-sm shadow-lg ${
            toast.failed ? "border-red-200" : "border-emerald-200"
          }`}
        >
          <div className="flex items-start justify-between gap-3">
            <p className="font-medium text-slate-900">{toast.title}</p>
            <button
              type="button"
              onClick={() => dismiss(toast.id)}
              className="-mt-1 -mr-1 rounded px-1.5 text-lg leading-none text-slate-500 hover:bg-slate-100"
              aria-label={`Dismiss: ${toast.title}`}
            >
              ×
            </button>
          </div>
          <p className={toast.failed ? "text-red-700" : "text-slate-600"}>{toast.outcome}</p>
          <Link
            href={toast.href}
            onClick={() => dismiss(toast.id)}
            className="mt-1 inline-block font-medium text-sky-800 underline-offset-2 hover:underline"
          >
            Open
            <span className="sr-only">: {toast.title}</span>
          </Link>
        </div>
      ))}
    </section>
  );
}
