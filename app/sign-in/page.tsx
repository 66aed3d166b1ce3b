import type { Metadata } from "next";
import { redirect } from "next/navigation";
import { safeReturnPath } from "@/lib/http/return-path";
import { getSignedInAgent } from "@/lib/server/session";
import { SignInForm } from "./sign-in-form";

export const metadata: Metadata = { title: "Sign in" };

export default async function SignInPage({ searchParams }: { searchParams: Promise<{ next?: unknown }> }) {
  // Where the agent was going (requireAgent sends `next`); only a path on this site is kept.
  const next = safeReturnPath((await searchParams).next) ?? undefined;
  const agent = await getSignedInAgent();
  if (agent) redirect(next ?? (agent.role === "operator" ? "/ops" : "/"));
  return (
    <main
      id="main"
      tabIndex={-1}
      className="flex min-h-screen items-center justify-center px-6 focus:outline-none"
    >
      <div className="w-full max-w-sm rounded-xl border border-slate-200 bg-white p-8 shadow-sm">
        <h1 className="text-xl font-semibold tracking-tight">Warranty Desk</h1>
        <p className="mt-1 mb-6 text-sm text-slate-500">
          Sign in with your agent name to look up warranties.
        </p>
        <SignInForm returnTo={next} />
      </div>
    </main>
  );
}
