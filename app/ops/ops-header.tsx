import Link from "next/link";
import type { SignedInAgent } from "@/lib/server/session";
import { SignOutButton } from "../(desk)/sign-out-button";
import { OpsNav } from "./ops-nav";

/** The console's header: its name, its navigation, the operator, the way back to the desk, Sign out. */
export function OpsHeader({ operator }: { operator: SignedInAgent }) {
  return (
    <header className="border-b border-slate-200 bg-white">
      <div className="mx-auto flex max-w-6xl flex-wrap items-center gap-x-6 gap-y-2 px-4 py-3 sm:px-6">
        <Link href="/ops" className="mr-auto text-lg font-semibold tracking-tight whitespace-nowrap lg:mr-0">
          Operations
        </Link>
        <div className="w-full lg:mr-auto lg:w-auto">
          <OpsNav />
        </div>
        <div className="flex w-full flex-wrap items-center justify-between gap-x-4 gap-y-2 text-sm lg:w-auto">
          <span className="min-w-0 text-slate-600">
            Signed in as{" "}
            <strong className="font-medium break-words text-slate-900">{operator.displayName}</strong>
          </span>
          <Link href="/" className="font-medium text-sky-800 underline-offset-2 hover:underline">
            Desk
          </Link>
          <SignOutButton />
        </div>
      </div>
    </header>
  );
}
