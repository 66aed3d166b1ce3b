// Small helpers shared by the JSON API routes (app/api/**): answers, same-origin check, bodies.

export interface ApiError {
  code: string;
  message: string;
}

/** A JSON answer that no cache keeps. */
export function json(body: unknown, status: number): Response {
  return Response.json(body, { status, headers: { "cache-control": "no-store" } });
}

export function apiError(error: ApiError, status: number): Response {
  return json({ error }, status);
}

/** The 401 for a request without a live session (the actions' words). */
export function unauthenticated(): Response {
  return apiError({ code: "UNAUTHENTICATED", message: "Your session has ended. Please sign in again." }, 401);
}

/**
 * The refusal for a request sent from another site, or null. The session cookie is SameSite=Lax;
 * an Origin, when the browser sends one, must also be this host.
 */
export function refuseCrossOrigin(request: Request): Response | null {
  const origin = request.headers.get("origin");
  if (origin === null || URL.parse(origin)?.host === request.headers.get("host")) return null;
  return apiError({ code: "FORBIDDEN_ORIGIN", message: "Cross-origin requests are refused." }, 403);
}

/** The parsed JSON body, or the 400 answer to send instead. */
export async function readJsonBody(
  request: Request,
  example: string,
): Promise<{ ok: true; body: unknown } | { ok: false; response: Response }> {
  try {
    return { ok: true, body: await request.json() };
  } catch {
    return {
      ok: false,
      response: apiError({ code: "INVALID_JSON", message: `The body must be JSON: ${example}.` }, 400),
    };
  }
}

const STATUS: Record<string, number> = {
  UNAUTHENTICATED: 401,
  INVALID_INPUT: 400,
  NOT_FOUND: 404,
  PRODUCT_NOT_FOUND: 404,
  CONCURRENT_REQUESTS_LIMIT: 503,
  ERP_TIMEOUT: 504,
  INTERNAL: 500,
};

/** The HTTP status for an action's failure code (ERP failures are 502, other refusals 422). */
export function statusOf(code: string): number {
  return STATUS[code] ?? (code.startsWith("ERP_") ? 502 : 422);
}
