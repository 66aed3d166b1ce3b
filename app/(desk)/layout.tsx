import type { ReactNode } from "react";
import { getEnv } from "@/lib/env";
import { getAttentionCount } from "@/lib/server/attention";
import { getProducts } from "@/lib/server/products";
import { requireAgent } from "@/lib/server/session";
import { agentTimeZone } from "@/lib/server/time-zone";
import { AttentionCount } from "./attention/attention-count";
import { DeskHeader } from "./desk-header";
import { DeskLive } from "./desk-live";
import { ErpPauseBanner } from "./erp-pause";
import { SkipLink } from "./skip-link";
import { Providers } from "../providers";

export default async function DeskLayout({ children }: { children: ReactNode }) {
  const agent = await requireAgent();
  const [timeZone, products, attention] = await Promise.all([
    agentTimeZone(),
    getProducts(),
    getAttentionCount(),
  ]);
  const live = {
    serverTimeZone: timeZone,
    staleAfterMs: getEnv().STALE_AFTER_MINUTES * 60_000,
    productNames: Object.fromEntries(products.map((p) => [p.id, p.name])),
  };
  return (
    <Providers>
      <DeskLive {...live}>
        <SkipLink />
        <DeskHeader agent={agent} attentionBadge={<AttentionCount initial={attention} />} />
        <ErpPauseBanner />
        <main id="main" tabIndex={-1} className="mx-auto max-w-5xl px-4 py-8 focus:outline-none sm:px-6">
          {children}
        </main>
      </DeskLive>
    </Providers>
  );
}
