import { SignInInputSchema } from "@/lib/auth/sign-in";
import { tooManyAttemptsMessage } from "@/lib/auth/sign-in-throttle";
import { apiError, refuseCrossOrigin } from "@/lib/http/api";
import { readLimitedText } from "@/lib/http/limited-body";
import { endSession, startSession } from "@/lib/server/session";
import { signInThrottled } from "@/lib/server/sign-in";

export const dynamic = "force-dynamic";

/** A sign-in body is two short strings; anything much larger is refused unread. */
const MAX_BODY_BYTES = 4 * 1024;

/**
 * Signs an agent in for tools (the benchmark, scripts): `{ username, password }` in, `204` with
 * the session cookie out; `401` for a wrong pair; `429` with `Retry-After` while the sign-in
 * throttle holds the name or address (lib/auth/sign-in-throttle.ts). The browser signs in on
 * /sign-in instead.
 */
export async function POST(request: Request) {
  const refused = refuseCrossOrigin(request);
  if (refused) return refused;
  const body = await readLimitedText(request, MAX_BODY_BYTES);
  if (!body.ok && body.reason === "too-large") {
    return apiError({ code: "BODY_TOO_LARGE", message: "The body must be at most 4 KiB." }, 413);
  }
  const parsed = SignInInputSchema.safeParse(body.ok ? parseJson(body.text) : null);
  if (!parsed.success) {
    const message = parsed.error.issues.map((i) => i.message).join(" ");
    return apiError({ code: "INVALID_INPUT", message }, 400);
  }
  const result = await signInThrottled(parsed.data, request.headers);
  if (result.outcome === "locked") {
    const response = apiError(
      { code: "TOO_MANY_ATTEMPTS", message: tooManyAttemptsMessage(result.retryAfterSeconds) },
      429,
    );
    response.headers.set("retry-after", String(result.retryAfterSeconds));
    return response;
  }
  if (result.outcome === "failed") {
    return apiError({ code: "UNAUTHENTICATED", message: "Unknown agent or wrong password." }, 401);
  }
  await startSession(result.agent);
  return new Response(null, { status: 204, headers: { "cache-control": "no-store" } });
}

function parseJson(text: string): unknown {
  try {
    return JSON.parse(text);
  } catch {
    return null;
  }
}

/** Signs out: the session row goes, so the cookie stops working. */
export async function DELETE(request: Request) {
  const refused = refuseCrossOrigin(request);
  if (refused) return refused;
  await endSession();
  return new Response(null, { status: 204, headers: { "cache-control": "no-store" } });
}
