"use client";

import { createContext, useCallback, useContext, useState, type ReactNode } from "react";

const AnnounceContext = createContext<(message: string) => void>(() => {});

/**
 * The page's one live region: results, order steps and outages are announced here, politely, so
 * a screen reader hears each once whatever component it came from. The region is always in the
 * page (a region added together with its text is often not read).
 */
export function Announcer({ children }: { children: ReactNode }) {
  const [message, setMessage] = useState({ text: "", serial: 0 });
  const announce = useCallback(
    (text: string) => setMessage((current) => ({ text, serial: current.serial + 1 })),
    [],
  );
  return (
    <AnnounceContext.Provider value={announce}>
      {children}
      <div role="status" aria-live="polite" aria-atomic="true" className="sr-only" data-testid="announcer">
        {/* A new key re-inserts the text, so the same message twice is read twice. */}
        <span key={message.serial}>{message.text}</span>
      </div>
    </AnnounceContext.Provider>
  );
}

/** Announces a message in the page's live region. */
export function useAnnounce(): (message: string) => void {
  return useContext(AnnounceContext);
}
