"use client";

import { useEffect, useState, useSyncExternalStore } from "react";
import { Providers } from "@/app/providers";
import { createProxyMessage } from "@/lib/embed/protocol";
import type { EmbedCodeMessage } from "../connect/hand-over";
import { useInvocations } from "./use-invocations";

type Placement = "checking" | "framed" | "standalone" | "refused";

/** What the frame tells its host about itself: ready, and whether an agent is signed in. */
const readyMessage = (agent: { displayName: string } | null) =>
  createProxyMessage(agent ? { type: "ready", signedIn: true, agent } : { type: "ready", signedIn: false });

const neverChanges = () => () => {};
const reload = () => window.location.reload();

/** Where this document is: its own window, or framed by the allowed host, or by someone else. */
function placementOf(host: string | null): Placement {
  if (window.parent === window) return "standalone";
  // Where the browser names the parent (Chromium, Safari), it must be the allowed host; elsewhere
  // postMessage delivers only to a parent at the target origin, so nothing leaks to another.
  const parent = window.location.ancestorOrigins?.[0];
  return host === null || (parent !== undefined && parent !== host) ? "refused" : "framed";
}

/**
 * The proxy's document. Framed by its allowed host, it tells the host it is ready (and whether an
 * agent is signed in), and signs the agent in through the connect popup (docs/decisions/008);
 * opened on its own, or by another origin, it says so and does nothing.
 */
export function ProxyFrame(props: {
  host: string | null;
  connectUrl: string | null;
  agent: { displayName: string } | null;
}) {
  return (
    // Signed out in the desk: render again, signed out, which tells the host (`ready`).
    <Providers live={props.agent !== null} onSignedOut={reload}>
      <ProxyDocument {...props} />
    </Providers>
  );
}

function ProxyDocument({
  host,
  connectUrl,
  agent,
}: {
  host: string | null;
  connectUrl: string | null;
  agent: { displayName: string } | null;
}) {
  const placement = useSyncExternalStore(
    neverChanges,
    () => placementOf(host),
    (): Placement => "checking",
  );
  const [signInError, setSignInError] = useState<string | null>(null);
  useInvocations(placement === "framed" ? host : null, agent !== null);

  useEffect(() => {
    if (placement === "framed" && host) window.parent.postMessage(readyMessage(agent), host);
  }, [placement, host, agent]);

  const signIn = () => {
    if (!connectUrl) return;
    setSignInError(null);
    // Opened by this click: browsers allow a popup only from a user's gesture in the same window.
    const popup = window.open(connectUrl, "warranty-desk-connect", "popup,width=480,height=640");
    if (!popup) return setSignInError("Allow pop-ups for Warranty Desk, then sign in again.");
    const onMessage = async (event: MessageEvent<EmbedCodeMessage>) => {
      if (event.source !== popup || event.origin !== window.location.origin) return;
      if (event.data?.type !== "warranty-desk:embed-code") return;
      window.removeEventListener("message", onMessage);
      const response = await fetch("/api/embed/session", {
        method: "POST",
        headers: { "content-type": "application/json" },
        body: JSON.stringify({ code: event.data.code }),
      });
      if (response.ok) return window.location.reload(); // renders signed in, and says so to the host
      const body = (await response.json().catch(() => null)) as { error?: { message?: string } } | null;
      setSignInError(body?.error?.message ?? `Signing in failed (HTTP ${response.status}).`);
    };
    window.addEventListener("message", onMessage);
  };

  return (
    <main className="p-3 text-sm text-slate-700">
      <p className="font-medium text-slate-900">Warranty Desk</p>
      {placement === "standalone" && (
        <p>This page runs inside another application. Open the desk itself at /.</p>
      )}
      {placement === "refused" && <p role="alert">This application is not allowed to use Warranty Desk.</p>}
      {placement === "framed" &&
        (agent ? (
          <p role="status">Signed in as {agent.displayName}.</p>
        ) : (
          <div className="space-y-2">
            <p role="status">Not signed in.</p>
            <button
              type="button"
              onClick={signIn}
              className="rounded-md bg-sky-700 px-3 py-1.5 font-medium text-white hover:bg-sky-800 focus:ring-2 focus:ring-sky-300 focus:outline-none"
            >
              Sign in to Warranty Desk
            </button>
            {signInError && (
              <p role="alert" className="text-red-700">
                {signInError}
              </p>
            )}
          </div>
        ))}
    </main>
  );
}
