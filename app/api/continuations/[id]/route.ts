import { apiError, json } from "@/lib/http/api";
import { apiRoute } from "@/lib/server/api";
import { getRuntime } from "@/lib/server/runtime";

export const dynamic = "force-dynamic";

/** A continuation's status and result, for its owner only: 404 for anyone else. */
export const GET = apiRoute<{ id: string }>({ access: "agent" }, async ({ params: { id }, agent }) => {
  const view = /^[0-9a-f-]{36}$/.test(id) ? await getRuntime().view(id, agent.id) : null;
  return view ? json(view, 200) : apiError({ code: "NOT_FOUND", message: "No such request." }, 404);
});
