import Link from "next/link";
import type { ReactNode } from "react";
import { getEnv } from "@/lib/env";
import { listProducts } from "@/lib/products/list-products";
import { getDb } from "@/lib/server/db";
import { requireAgent } from "@/lib/server/session";
import { agentTimeZone } from "@/lib/server/time-zone";
import { signOut } from "./actions";
import { DeskLive } from "./desk-live";
import { ErpPauseBanner } from "./erp-pause";
import { ErpStatus } from "./erp-status";
import { Providers } from "../providers";

export default async function DeskLayout({ children }: { children: ReactNode }) {
  const agent = await requireAgent();
  const [timeZone, products] = await Promise.all([agentTimeZone(), listProducts(getDb())]);
  const live = {
    serverTimeZone: timeZone,
    staleAfterMs: getEnv().STALE_AFTER_MINUTES * 60_000,
    productNames: Object.fromEntries(products.map((p) => [p.id, p.name])),
  };
  return (
    <Providers>
      <DeskLive {...live}>
        <header className="border-b border-slate-200 bg-white">
          <div className="mx-auto flex max-w-5xl flex-wrap items-center justify-between gap-x-8 gap-y-3 px-6 py-4">
            <div className="flex items-center gap-8 whitespace-nowrap">
              <Link href="/" className="text-lg font-semibold tracking-tight">
                Warranty Desk
              </Link>
              <nav aria-label="Main" className="flex gap-5 text-sm font-medium text-slate-600">
                <Link href="/" className="hover:text-slate-900">
                  Products
                </Link>
                <Link href="/orders" className="hover:text-slate-900">
                  Orders
                </Link>
                <Link href="/lab" className="hover:text-slate-900">
                  Lab
                </Link>
              </nav>
            </div>
            <div className="flex flex-wrap items-center gap-x-4 gap-y-2 text-sm">
              <ErpStatus />
              <span className="whitespace-nowrap text-slate-600">
                Signed in as <strong className="font-medium text-slate-900">{agent.displayName}</strong>
              </span>
              <form action={signOut}>
                <button
                  type="submit"
                  className="rounded-md border border-slate-300 px-3 py-1.5 font-medium text-slate-700 hover:bg-slate-100"
                >
                  Sign out
                </button>
              </form>
            </div>
          </div>
        </header>
        <ErpPauseBanner />
        <main className="mx-auto max-w-5xl px-6 py-8">{children}</main>
      </DeskLive>
    </Providers>
  );
}
