import type { Metadata } from "next";
import type { ReactNode } from "react";
import { connectPath, isEmbedHost, mintEmbedCode } from "@/lib/server/embed";
import { SignInForm } from "@/app/sign-in/sign-in-form";
import { HandOver } from "./hand-over";

export const dynamic = "force-dynamic";
export const metadata: Metadata = { title: "Connect" };

/**
 * The popup the continuation proxy frame opens (docs/decisions/008): on the desk's own origin, so
 * it has the desk's session, or signs the agent in right here (a page of its own keeps
 * `window.opener`); then it hands the frame a one-time code and closes.
 */
export default async function ConnectPage({ searchParams }: { searchParams: Promise<{ host?: string }> }) {
  const { host } = await searchParams;
  if (!isEmbedHost(host)) {
    return (
      <Card title="Warranty Desk">
        <p role="alert" className="text-sm text-red-700">
          This application is not allowed to use Warranty Desk. Ask your administrator to add it to
          EMBED_ORIGINS.
        </p>
      </Card>
    );
  }
  const code = await mintEmbedCode(host);
  return (
    <Card title={code ? "Connecting to Warranty Desk" : "Sign in to Warranty Desk"}>
      <p className="mb-6 text-sm text-slate-500">
        {code ? "Handing your session to " : "Sign in to use Warranty Desk in "}
        <span className="font-medium text-slate-700">{host}</span>.
      </p>
      {code ? <HandOver code={code} /> : <SignInForm returnTo={connectPath(host)} />}
    </Card>
  );
}

function Card({ title, children }: { title: string; children: ReactNode }) {
  return (
    <main className="flex min-h-screen items-center justify-center px-6">
      <div className="w-full max-w-sm rounded-xl border border-slate-200 bg-white p-8 shadow-sm">
        <h1 className="mb-1 text-xl font-semibold tracking-tight">{title}</h1>
        {children}
      </div>
    </main>
  );
}
