import type { Metadata } from "next";
import { getEnv } from "@/lib/env";
import { connectPath } from "@/lib/server/embed";
import { getSignedInAgent } from "@/lib/server/session";
import { ProxyFrame } from "./proxy-frame";

export const dynamic = "force-dynamic";
export const metadata: Metadata = { title: "Continuation proxy" };

/**
 * The continuation proxy: the one desk page another application (an origin in EMBED_ORIGINS) may
 * frame, to run the desk's continuations from its own page (docs/embedding.md). No desk chrome: the
 * host shows the results in its own components. `?host=` names the framing origin (needed where the
 * browser does not tell, and when several are allowed); it must be on the list.
 */
export default async function ContinuationProxyPage({
  searchParams,
}: {
  searchParams: Promise<{ host?: string }>;
}) {
  const allowed = getEnv().EMBED_ORIGINS as readonly string[];
  const { host: asked } = await searchParams;
  const host = asked === undefined && allowed.length === 1 ? allowed[0] : asked;
  const agent = await getSignedInAgent();
  return (
    <ProxyFrame
      host={host !== undefined && allowed.includes(host) ? host : null}
      connectUrl={host ? connectPath(host) : null}
      agent={agent ? { displayName: agent.displayName } : null}
    />
  );
}
