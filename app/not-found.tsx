import type { Metadata } from "next";
import Link from "next/link";

export const metadata: Metadata = { title: "Not found · Warranty Desk" };

// Ours rather than Next's default, whose inline <style> carries no nonce and breaks the CSP.
export default function NotFound() {
  return (
    <main className="flex min-h-screen items-center justify-center px-6">
      <div className="w-full max-w-sm rounded-xl border border-slate-200 bg-white p-8 shadow-sm">
        <h1 className="text-xl font-semibold tracking-tight">Page not found</h1>
        <p className="mt-1 mb-6 text-sm text-slate-500">There is nothing at this address.</p>
        <Link href="/" className="text-sm font-medium text-sky-700 hover:text-sky-800">
          Back to the desk
        </Link>
      </div>
    </main>
  );
}
