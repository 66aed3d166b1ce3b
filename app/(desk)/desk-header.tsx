import Link from "next/link";
import type { ReactNode } from "react";
import type { SignedInAgent } from "@/lib/server/session";
import { signOut } from "./actions";
import { ErpStatus } from "./erp-status";
import { DeskNav } from "./nav";

/**
 * The desk's header: its name, the navigation, the ERP's status and the signed-in agent. On a
 * phone the navigation takes a line of its own below the name and Sign out.
 */
export function DeskHeader({ agent, attentionBadge }: { agent: SignedInAgent; attentionBadge?: ReactNode }) {
  return (
    <header className="border-b border-slate-200 bg-white">
      <div className="mx-auto flex max-w-5xl flex-wrap items-center gap-x-6 gap-y-2 px-4 py-3 sm:px-6">
        <Link href="/" className="mr-auto text-lg font-semibold tracking-tight whitespace-nowrap lg:mr-0">
          Warranty Desk
        </Link>
        <div className="order-last w-full lg:order-none lg:mr-auto lg:w-auto">
          <DeskNav attentionBadge={attentionBadge} />
        </div>
        <div className="flex flex-wrap items-center justify-end gap-x-4 gap-y-2 text-sm">
          <ErpStatus />
          <span className="whitespace-nowrap text-slate-600">
            Signed in as <strong className="font-medium text-slate-900">{agent.displayName}</strong>
          </span>
          <form action={signOut}>
            <button
              type="submit"
              className="rounded-md border border-slate-300 px-3 py-1.5 font-medium whitespace-nowrap text-slate-700 hover:bg-slate-100"
            >
              Sign out
            </button>
          </form>
        </div>
      </div>
    </header>
  );
}
