import type { ReactNode } from "react";
import { requireAgent } from "@/lib/server/session";
import { DeskHeader } from "./desk-header";
import { SkipLink } from "./skip-link";
import { Providers } from "../providers";

export default async function DeskLayout({ children }: { children: ReactNode }) {
  const agent = await requireAgent();
  return (
    <Providers>
      <SkipLink />
      <DeskHeader agent={agent} />
      <main id="main" tabIndex={-1} className="mx-auto max-w-5xl px-4 py-8 focus:outline-none sm:px-6">
        {children}
      </main>
    </Providers>
  );
}
