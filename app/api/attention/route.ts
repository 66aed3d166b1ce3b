import { countAttention } from "@/lib/attention/list-attention";
import { json } from "@/lib/http/api";
import { apiRoute } from "@/lib/server/api";
import { attentionDeps } from "@/lib/server/attention";

export const dynamic = "force-dynamic";

/** `{ count }`: how many items the signed-in agent's "Needs attention" worklist holds. */
export const GET = apiRoute({ access: "agent" }, async ({ agent }) =>
  json({ count: await countAttention(attentionDeps(), agent.id) }, 200),
);
