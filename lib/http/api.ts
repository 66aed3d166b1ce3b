// The JSON API's boundary (app/api/**): every route is built with `createApiRoute`'s wrapper, which
// refuses what does not belong before the route's own code runs: another site's origin (403), a
// caller without a session where one is needed (401), a body that is not `application/json` (415),
// too large (413, never buffered) or not JSON (400). The answers' shape is `{ error: { code, message } }`.
import { invalidInput } from "@/lib/continuation";
import type { z } from "zod";
import { readLimitedText } from "./limited-body";

export interface ApiError {
  code: string;
  message: string;
}

/** The largest JSON body a route reads unless it says otherwise: the API's inputs are a few fields. */
export const DEFAULT_MAX_BODY_BYTES = 16 * 1024;

/** A JSON answer that no cache keeps. */
export function json(body: unknown, status: number, headers: Record<string, string> = {}): Response {
  return Response.json(body, { status, headers: { "cache-control": "no-store", ...headers } });
}

export function apiError(error: ApiError, status: number, headers: Record<string, string> = {}): Response {
  return json({ error }, status, headers);
}

/** The 400 for a body its schema refused: every field named, with what is wrong with it. */
export function invalidBody(error: z.ZodError): Response {
  const { code, message } = invalidInput(error);
  return apiError({ code, message }, 400);
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

/** The media type of a Content-Type header, lower-cased, without parameters. */
function mediaTypeOf(contentType: string | null): string | null {
  return contentType?.split(";", 1)[0]?.trim().toLowerCase() || null;
}

/**
 * The JSON body of a request, or the answer to send instead: 415 unless it is `application/json`,
 * 413 past `maxBytes` (refused by Content-Length, or by counting, before the excess is read), 400
 * for a body that is not UTF-8 JSON (`example` shows what is expected).
 */
export async function readJsonBody(
  request: Request,
  { example, maxBytes = DEFAULT_MAX_BODY_BYTES }: { example: string; maxBytes?: number },
): Promise<{ ok: true; body: unknown } | { ok: false; response: Response }> {
  const refuse = (status: number, code: string, message: string) => ({
    ok: false as const,
    response: apiError({ code, message }, status),
  });
  if (mediaTypeOf(request.headers.get("content-type")) !== "application/json") {
    return refuse(415, "UNSUPPORTED_MEDIA_TYPE", `Send the body as application/json: ${example}.`);
  }
  const read = await readLimitedText(request, maxBytes);
  if (!read.ok && read.reason === "too-large") {
    return refuse(413, "BODY_TOO_LARGE", `The body must be at most ${maxBytes / 1024} KiB.`);
  }
  try {
    if (!read.ok) throw new Error("unreadable");
    return { ok: true, body: JSON.parse(read.text) };
  } catch {
    return refuse(400, "INVALID_JSON", `The body must be JSON: ${example}.`);
  }
}

/** What a route's handler is given: the request, its path parameters, the caller, the body. */
export interface ApiCall<Agent, Params> {
  request: Request;
  params: Params;
  agent: Agent;
  /** The parsed JSON body (undefined for a route that reads none); the route validates its shape. */
  body: unknown;
}

interface RouteOptions {
  /** `agent`: a signed-in agent only (401 otherwise); `anyone`: the caller may be signed out. */
  access: "agent" | "anyone";
  /** The route reads a JSON body: what it looks like (quoted in refusals) and, optionally, its limit. */
  body?: { example: string; maxBytes?: number };
}

type RouteHandler<Params> = (request: Request, context: { params: Promise<Params> }) => Promise<Response>;

/**
 * Creates the one wrapper every JSON route is built with, given how to find the signed-in agent.
 * In order: a cross-origin request → 403; no session where `access` is `agent` → 401 (the body is
 * not read); then, for a route with a `body`, the checks of `readJsonBody`. Only then does the
 * handler run.
 */
export function createApiRoute<Agent>(resolveAgent: () => Promise<Agent | null>) {
  function apiRoute<Params = Record<string, never>>(
    options: RouteOptions & { access: "agent" },
    handler: (call: ApiCall<Agent, Params>) => Promise<Response>,
  ): RouteHandler<Params>;
  function apiRoute<Params = Record<string, never>>(
    options: RouteOptions & { access: "anyone" },
    handler: (call: ApiCall<Agent | null, Params>) => Promise<Response>,
  ): RouteHandler<Params>;
  function apiRoute<Params>(
    options: RouteOptions,
    handler: (call: ApiCall<never, Params>) => Promise<Response>,
  ): RouteHandler<Params> {
    return async (request, context) => {
      const refused = refuseCrossOrigin(request);
      if (refused) return refused;
      const agent = await resolveAgent();
      if (options.access === "agent" && !agent) return unauthenticated();
      let body: unknown;
      if (options.body) {
        const read = await readJsonBody(request, options.body);
        if (!read.ok) return read.response;
        body = read.body;
      }
      // `agent` is non-null here whenever the overload promised it (access: "agent").
      return handler({ request, params: await context.params, agent: agent as never, body });
    };
  }
  return apiRoute;
}

/** The 401 for a request without a live session (the actions' words). */
export function unauthenticated(): Response {
  return apiError({ code: "UNAUTHENTICATED", message: "Your session has ended. Please sign in again." }, 401);
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
