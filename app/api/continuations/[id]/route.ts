import { getRuntime } from "@/lib/server/runtime";
import { getSignedInAgent } from "@/lib/server/session";

export const dynamic = "force-dynamic";

const noStore = { "cache-control": "no-store" };

/** A continuation's status and result, for its owner only: 404 for anyone else. */
export async function GET(_request: Request, context: { params: Promise<{ id: string }> }) {
  const agent = await getSignedInAgent();
  if (!agent) {
    return Response.json(
      { error: { code: "UNAUTHENTICATED", message: "Sign in first." } },
      { status: 401, headers: noStore },
    );
  }
  const { id } = await context.params;
  const view = /^[0-9a-f-]{36}$/.test(id) ? await getRuntime().view(id, agent.id) : null;
  if (!view) {
    return Response.json(
      { error: { code: "NOT_FOUND", message: "No such request." } },
      { status: 404, headers: noStore },
    );
  }
  return Response.json(view, { headers: noStore });
}
