"use client";

import { useEffect, useSyncExternalStore } from "react";

/** The message the connect popup posts to the proxy frame that opened it (both on the desk's origin). */
export interface EmbedCodeMessage {
  type: "warranty-desk:embed-code";
  code: string;
}

const neverChanges = () => () => {};

/** Hands the one-time code to the proxy frame that opened this popup, then closes it. */
export function HandOver({ code }: { code: string }) {
  const hasOpener = useSyncExternalStore(
    neverChanges,
    () => window.opener !== null,
    () => true,
  );
  useEffect(() => {
    if (!hasOpener) return;
    const message: EmbedCodeMessage = { type: "warranty-desk:embed-code", code };
    // The desk's own origin: only the desk's frame can read the code, never the host page.
    (window.opener as Window).postMessage(message, window.location.origin);
    window.close();
  }, [code, hasOpener]);
  return hasOpener ? (
    <p role="status" className="text-sm text-slate-600">
      Connecting…
    </p>
  ) : (
    <p role="alert" className="text-sm text-red-700">
      Open this from the Warranty Desk panel of the application you work in: it has no panel to connect.
    </p>
  );
}
