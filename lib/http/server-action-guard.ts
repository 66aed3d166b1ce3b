// What proxy.ts checks on a POST to a page (a server action, called from the page's JavaScript with a
// Next-Action header or posted as a form before it was interactive) before Next.js decodes it.
// Next.js 16.4 answers every one of these with 500: a cross-origin call ("Invalid Server Actions
// request."), a body over `serverActions.bodySizeLimit` (its 413 `ApiError` is caught and re-thrown
// as a 500), and arguments React's `decodeReply` cannot decode (see action-reply.ts). Here each gets
// a 4xx with a sentence; Next's client router shows a 4xx `text/plain` body as the action's error.
// Web-standard Request only (no Next.js import): next.config.ts reads the limit from here.
import { findFormReplyProblem, findTextReplyProblem } from "./action-reply";

/**
 * The largest server action body (bytes): next.config.ts gives it to Next.js as
 * `serverActions.bodySizeLimit` and as `proxyClientMaxBodySize` (what Next buffers for proxy.ts).
 * The desk's actions send a few hundred bytes.
 */
export const SERVER_ACTION_BODY_LIMIT_BYTES = 32 * 1024;

/** A refused request: its status and the sentence to answer with. */
export interface Refusal {
  status: number;
  message: string;
}

const refuse = (status: number, message: string): Refusal => ({ status, message });

/**
 * The host the page was asked for, as Next.js's own check reads it (`parseHostHeader` in
 * next/dist/server/app-render/action-handler.js): the first X-Forwarded-Host, else Host. A browser
 * cannot set X-Forwarded-Host on a cross-origin request without a preflight that the desk never
 * grants.
 */
function requestedHost(headers: Headers): string | null {
  const forwarded = headers.get("x-forwarded-host")?.split(",")[0]?.trim();
  return forwarded || headers.get("host");
}

/** The refusal of a POST sent by another site's page, or null. Curl and scripts send no Origin. */
export function checkActionOrigin(headers: Headers): Refusal | null {
  const crossOrigin = refuse(403, "Cross-origin server action calls are refused.");
  if (headers.get("sec-fetch-site") === "cross-site") return crossOrigin;
  const origin = headers.get("origin");
  if (origin === null) return null;
  let originHost: string;
  try {
    originHost = new URL(origin).host;
  } catch {
    // "null" (a sandboxed frame, a redirect from another site) or garbage.
    return crossOrigin;
  }
  return originHost === requestedHost(headers) ? null : crossOrigin;
}

/** The refusal of a body Next.js would not read whole, or null: a Content-Length within the limit. */
export function checkActionBodySize(
  headers: Headers,
  limit = SERVER_ACTION_BODY_LIMIT_BYTES,
): Refusal | null {
  const length = headers.get("content-length");
  if (length === null) {
    // Browsers always send it for a form or a server action; without it the size is unknown until read.
    return refuse(411, "A server action call needs a Content-Length.");
  }
  if (!/^\d{1,15}$/.test(length)) return refuse(400, "The Content-Length is not a number.");
  if (Number(length) > limit) {
    return refuse(413, `A server action call may send at most ${limit / 1024} KiB.`);
  }
  return null;
}

/** The media type of a Content-Type header, lower case, without parameters. */
function mediaType(headers: Headers): string {
  return (headers.get("content-type") ?? "").split(";")[0]!.trim().toLowerCase();
}

/** The body parsed as multipart form data, or null when it is not (cut short, a bad boundary). */
async function readForm(request: Request): Promise<FormData | null> {
  try {
    return await request.formData();
  } catch {
    return null;
  }
}

/**
 * Checks a POST to a page, reading its body (at most `SERVER_ACTION_BODY_LIMIT_BYTES`, already
 * checked from Content-Length) only when it may be a server action. Returns the refusal to answer
 * with, or null to let Next.js handle the request:
 *   - 403: another site's page sent it (`Origin` not this host, or `Sec-Fetch-Site: cross-site`);
 *   - 415: a call from the page's JavaScript (Next-Action header) whose body is neither
 *     `text/plain` nor `multipart/form-data` (what browsers send);
 *   - 411/413: a possible action (that call, or any multipart body) without a Content-Length, or
 *     with one over the limit;
 *   - 400: a body that is not form data, or arguments that are not a shallow JSON list.
 * Other POSTs (no Next-Action, not multipart) pass: Next.js renders the page and ignores the body.
 * Unknown action ids are left to Next.js: it answers them 400/409 before reading the body, with the
 * header its client router uses to reload a page from an older deployment.
 */
export async function checkPagePost(request: Request): Promise<Refusal | null> {
  const headers = request.headers;
  const originRefusal = checkActionOrigin(headers);
  if (originRefusal) return originRefusal;
  const hasActionHeader = headers.has("next-action");
  const type = mediaType(headers);
  const isMultipart = type === "multipart/form-data";
  if (!hasActionHeader && !isMultipart) return null;
  if (!isMultipart && type !== "text/plain") {
    return refuse(415, "A server action call sends text/plain or multipart/form-data.");
  }
  const sizeRefusal = checkActionBodySize(headers);
  if (sizeRefusal) return sizeRefusal;
  if (isMultipart) {
    const form = await readForm(request);
    if (!form) return refuse(400, "The body is not valid multipart form data (was it cut short?).");
    const problem = findFormReplyProblem(form, hasActionHeader);
    return problem ? refuse(400, problem) : null;
  }
  const problem = findTextReplyProblem(await request.text());
  return problem ? refuse(400, problem) : null;
}
