"use client";

import Link from "next/link";
import { useEffect, useRef } from "react";

/**
 * What an agent sees when a page fails: a plain sentence, Try again and the way home. Never the
 * error's message or stack (a server error's message is withheld by Next.js anyway); the digest
 * only, which matches the server's log line.
 */
export function ErrorPanel({ error, retry }: { error: unknown; retry: () => void }) {
  const heading = useRef<HTMLHeadingElement>(null);
  const digest =
    error instanceof Error && "digest" in error && typeof error.digest === "string" ? error.digest : null;

  useEffect(() => {
    console.error(error);
    // The content the agent was reading is gone: say so where focus is.
    heading.current?.focus();
  }, [error]);

  return (
    <div className="max-w-lg rounded-xl border border-slate-200 bg-white p-8 shadow-sm">
      <h1 ref={heading} tabIndex={-1} className="text-xl font-semibold tracking-tight focus:outline-none">
        Something went wrong
      </h1>
      <p className="mt-2 text-sm text-slate-600">
        The desk could not show this page. Your lookups and orders are safe: work the desk has started carries
        on without the page. Try again, or go back to the products.
      </p>
      {digest && <p className="mt-2 text-xs text-slate-500">Reference for support: {digest}</p>}
      <div className="mt-6 flex flex-wrap items-center gap-4">
        <button
          type="button"
          onClick={retry}
          className="inline-flex rounded-md bg-sky-700 px-3 py-1.5 text-sm font-medium text-white shadow-sm hover:bg-sky-800"
        >
          Try again
        </button>
        <Link href="/" className="text-sm font-medium text-sky-800 hover:underline">
          Back to the products
        </Link>
      </div>
    </div>
  );
}
