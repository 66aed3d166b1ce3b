import type { Metadata } from "next";
import Link from "next/link";
import { getSignedInAgent } from "@/lib/server/session";
import { DeskHeader } from "./(desk)/desk-header";
import { SkipLink } from "./(desk)/skip-link";
import { Providers } from "./providers";

export const metadata: Metadata = { title: "Page not found" };

// Ours rather than Next's default, whose inline <style> carries no nonce and breaks the CSP. A
// signed-in agent gets it inside the desk's header, so the navigation is one step away.
export default async function NotFound() {
  const agent = await getSignedInAgent();
  if (!agent) {
    return (
      <main
        id="main"
        tabIndex={-1}
        className="flex min-h-screen items-center justify-center px-6 focus:outline-none"
      >
        <div className="w-full max-w-sm rounded-xl border border-slate-200 bg-white p-8 shadow-sm">
          <Message home="/sign-in" homeLabel="Sign in to the desk" />
        </div>
      </main>
    );
  }
  return (
    <Providers>
      <SkipLink />
      <DeskHeader agent={agent} />
      <main id="main" tabIndex={-1} className="mx-auto max-w-5xl px-4 py-8 focus:outline-none sm:px-6">
        <div className="max-w-lg rounded-xl border border-slate-200 bg-white p-8 shadow-sm">
          <Message home="/" homeLabel="Back to the products" />
        </div>
      </main>
    </Providers>
  );
}

function Message({ home, homeLabel }: { home: string; homeLabel: string }) {
  return (
    <>
      <p className="text-sm font-medium text-sky-800">404</p>
      <h1 className="mt-1 text-xl font-semibold tracking-tight">Page not found</h1>
      <p className="mt-2 mb-6 text-sm text-slate-600">
        There is nothing at this address. It may have been mistyped, or the product may no longer be in the
        catalogue.
      </p>
      <Link
        href={home}
        className="inline-flex rounded-md bg-sky-700 px-3 py-1.5 text-sm font-medium text-white shadow-sm hover:bg-sky-800"
      >
        {homeLabel}
      </Link>
    </>
  );
}
