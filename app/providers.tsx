"use client";

import { QueryClient, QueryClientProvider } from "@tanstack/react-query";
import { useState, type ReactNode } from "react";
import { z } from "zod";
import { ContinuationBroker } from "@/lib/continuation/client";

// Zod compiles object schemas with `new Function` when it may; the page's CSP allows no eval, and
// the attempt alone is reported as a violation.
z.config({ jitless: true });

/**
 * The query cache and the event-stream broker every live page shares; `live` false (nobody signed
 * in to follow) leaves the stream closed.
 */
export function Providers({
  children,
  live = true,
  onSignedOut,
}: {
  children: ReactNode;
  live?: boolean;
  /** The session ended while the page was open (signed out in another tab, or in the desk). */
  onSignedOut?: () => void;
}) {
  const [queryClient] = useState(() => new QueryClient({ defaultOptions: { queries: { retry: 2 } } }));
  return (
    <QueryClientProvider client={queryClient}>
      {live ? <ContinuationBroker onSignedOut={onSignedOut}>{children}</ContinuationBroker> : children}
    </QueryClientProvider>
  );
}
