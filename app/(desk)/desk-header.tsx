import Link from "next/link";
import type { ReactNode } from "react";
import type { SignedInAgent } from "@/lib/server/session";
import { SignOutButton } from "./sign-out-button";
import { ErpStatus } from "./erp-status";
import { DeskNav } from "./nav";

/**
 * The desk's header. Wide: the name, the navigation, the ERP's status, the agent and Sign out in
 * one row. Narrow: the name and the ERP's status, then the navigation, then the agent and Sign out,
 * each a row of its own (the source order, so focus follows what is seen).
 */
export function DeskHeader({ agent, attentionBadge }: { agent: SignedInAgent; attentionBadge?: ReactNode }) {
  return (
    <header className="border-b border-slate-200 bg-white">
      <div className="mx-auto flex max-w-5xl flex-wrap items-center gap-x-6 gap-y-2 px-4 py-3 sm:px-6">
        <Link href="/" className="mr-auto text-lg font-semibold tracking-tight whitespace-nowrap lg:mr-0">
          Warranty Desk
        </Link>
        <div className="text-sm lg:order-2">
          <ErpStatus />
        </div>
        <div className="w-full lg:order-1 lg:mr-auto lg:w-auto">
          <DeskNav attentionBadge={attentionBadge} isOperator={agent.role === "operator"} />
        </div>
        <div className="flex w-full flex-wrap items-center justify-between gap-x-4 gap-y-2 text-sm lg:order-3 lg:w-auto">
          <span className="min-w-0 text-slate-600">
            Signed in as{" "}
            <strong className="font-medium break-words text-slate-900">{agent.displayName}</strong>
          </span>
          <SignOutButton />
        </div>
      </div>
    </header>
  );
}
