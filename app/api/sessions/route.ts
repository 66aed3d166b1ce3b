import { SignInInputSchema } from "@/lib/auth/sign-in";
import { tooManyAttemptsMessage } from "@/lib/auth/sign-in-throttle";
import { apiError } from "@/lib/http/api";
import { apiRoute } from "@/lib/server/api";
import { endSession, startSession } from "@/lib/server/session";
import { signInThrottled } from "@/lib/server/sign-in";

export const dynamic = "force-dynamic";

/**
 * Signs an agent in for tools (the benchmark, scripts): `{ username, password }` in, `204` with
 * the session cookie out; `401` for a wrong pair; `429` with `Retry-After` while the sign-in
 * throttle holds the name or address (lib/auth/sign-in-throttle.ts). A body over 4 KiB is refused
 * unread. The browser signs in on /sign-in instead.
 */
export const POST = apiRoute(
  { access: "anyone", body: { example: '{ "username": "…", "password": "…" }', maxBytes: 4 * 1024 } },
  async ({ request, body }) => {
    const parsed = SignInInputSchema.safeParse(body);
    if (!parsed.success) {
      const message = parsed.error.issues.map((issue) => issue.message).join(" ");
      return apiError({ code: "INVALID_INPUT", message }, 400);
    }
    const result = await signInThrottled(parsed.data, request.headers);
    if (result.outcome === "locked") {
      const retryAfter = String(result.retryAfterSeconds);
      const message = tooManyAttemptsMessage(result.retryAfterSeconds);
      return apiError({ code: "TOO_MANY_ATTEMPTS", message }, 429, { "retry-after": retryAfter });
    }
    if (result.outcome === "failed") {
      return apiError({ code: "UNAUTHENTICATED", message: "Unknown agent or wrong password." }, 401);
    }
    await startSession(result.agent);
    return new Response(null, { status: 204, headers: { "cache-control": "no-store" } });
  },
);

/** Signs out: the session row goes, so the cookie stops working. */
export const DELETE = apiRoute({ access: "anyone" }, async () => {
  await endSession();
  return new Response(null, { status: 204, headers: { "cache-control": "no-store" } });
});
