import type { Metadata } from "next";
import { redirect } from "next/navigation";
import { getSignedInAgent } from "@/lib/server/session";
import { SignInForm } from "./sign-in-form";

export const metadata: Metadata = { title: "Sign in · Warranty Desk" };

export default async function SignInPage() {
  if (await getSignedInAgent()) redirect("/");
  return (
    <main className="flex min-h-screen items-center justify-center px-6">
      <div className="w-full max-w-sm rounded-xl border border-slate-200 bg-white p-8 shadow-sm">
        <h1 className="text-xl font-semibold tracking-tight">Warranty Desk</h1>
        <p className="mt-1 mb-6 text-sm text-slate-500">
          Sign in with your agent name to look up warranties.
        </p>
        <SignInForm />
      </div>
    </main>
  );
}
