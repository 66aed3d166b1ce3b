import { SignInInputSchema, verifyAgentCredentials } from "@/lib/auth/sign-in";
import { apiError, refuseCrossOrigin } from "@/lib/http/api";
import { getDb } from "@/lib/server/db";
import { endSession, startSession } from "@/lib/server/session";

export const dynamic = "force-dynamic";

/**
 * Signs an agent in for tools (the benchmark, scripts): `{ username, password }` in, `204` with
 * the session cookie out; `401` for a wrong pair. The browser signs in on /sign-in instead.
 */
export async function POST(request: Request) {
  const refused = refuseCrossOrigin(request);
  if (refused) return refused;
  const parsed = SignInInputSchema.safeParse(await request.json().catch(() => null));
  if (!parsed.success) {
    const message = parsed.error.issues.map((i) => i.message).join(" ");
    return apiError({ code: "INVALID_INPUT", message }, 400);
  }
  const agentId = await verifyAgentCredentials(getDb(), parsed.data);
  if (!agentId) {
    return apiError({ code: "UNAUTHENTICATED", message: "Unknown agent or wrong password." }, 401);
  }
  await startSession(agentId);
  return new Response(null, { status: 204, headers: { "cache-control": "no-store" } });
}

/** Signs out: the session row goes, so the cookie stops working. */
export async function DELETE(request: Request) {
  const refused = refuseCrossOrigin(request);
  if (refused) return refused;
  await endSession();
  return new Response(null, { status: 204, headers: { "cache-control": "no-store" } });
}
