import type net from "node:net";
import { Agent, request } from "undici";
import { CalloutStatus } from "../status-codes";

/** What one HTTP exchange produced (an HTTP status, or a 2000-2005 code). */
export interface HttpOutcome {
  statusCode: number;
  headers: Record<string, string>;
  body: string | null;
  errorMessage: string | null;
  responseBytes: number | null;
  /** Set on a 2001 that came after the response had begun: the request may have been processed. */
  responseStarted?: true;
}

const CONNECTION_ERRORS = new Set([
  "ECONNREFUSED",
  "ECONNRESET",
  "EPIPE",
  "ENOTFOUND",
  "EAI_AGAIN",
  "EHOSTUNREACH",
  "ENETUNREACH",
  "UND_ERR_SOCKET",
  "UND_ERR_CLOSED",
  "UND_ERR_CONNECT_TIMEOUT",
]);

const TIMEOUT_ERRORS = new Set(["UND_ERR_HEADERS_TIMEOUT", "UND_ERR_BODY_TIMEOUT"]);

function errorCode(error: unknown): string | undefined {
  let current: unknown = error;
  for (let depth = 0; depth < 4 && current && typeof current === "object"; depth++) {
    const code = (current as { code?: unknown }).code;
    if (typeof code === "string") return code;
    current = (current as { cause?: unknown }).cause;
  }
  return undefined;
}

/**
 * A connection pool for callouts, resolving host names through `lookup` (the endpoint policy's,
 * which refuses private addresses). Redirects are never followed (undici `request` does not).
 * `connections` caps the sockets per origin (null: no cap, so every suspended callout is really
 * in flight; a cap queues the rest inside the process, where their deadline still runs).
 */
export function createHttpAgent(lookup: net.LookupFunction, connections: number | null = null): Agent {
  return new Agent({ keepAliveTimeout: 10_000, connections, connect: { lookup } });
}

/**
 * Sends one request and reads its body up to `maxResponseBytes`. Never throws for a network
 * problem: returns 2000 (deadline), 2001 (connection), 2002 (other) or 2004 (too large) instead.
 * Throws only if `cancelSignal` fires (the caller cancelled), with that signal's reason.
 */
export async function sendHttp(
  req: { url: URL; method: string; headers: Record<string, string>; body: string | null },
  options: {
    dispatcher: Agent;
    deadline: AbortSignal;
    cancelSignal?: AbortSignal;
    maxResponseBytes: number;
    timeoutSeconds: number;
  },
): Promise<HttpOutcome> {
  const signal = options.cancelSignal
    ? AbortSignal.any([options.deadline, options.cancelSignal])
    : options.deadline;
  const failed = (statusCode: number, errorMessage: string): HttpOutcome => ({
    statusCode,
    headers: {},
    body: null,
    errorMessage,
    responseBytes: null,
  });
  let responseStarted = false;
  try {
    const response = await request(req.url, {
      method: req.method as "GET",
      headers: req.headers,
      body: req.body ?? undefined,
      signal,
      dispatcher: options.dispatcher,
    });
    responseStarted = true;
    const headers: Record<string, string> = {};
    for (const [name, value] of Object.entries(response.headers)) {
      if (value !== undefined) headers[name] = Array.isArray(value) ? value.join(", ") : value;
    }
    const declared = Number(headers["content-length"] ?? NaN);
    if (declared > options.maxResponseBytes) {
      response.body.destroy();
      return failed(
        CalloutStatus.RESPONSE_TOO_LARGE,
        `The response is ${declared} bytes; the limit is ${options.maxResponseBytes} bytes.`,
      );
    }
    const chunks: Buffer[] = [];
    let size = 0;
    for await (const chunk of response.body) {
      size += (chunk as Buffer).length;
      if (size > options.maxResponseBytes) {
        response.body.destroy();
        return failed(
          CalloutStatus.RESPONSE_TOO_LARGE,
          `The response exceeded the limit of ${options.maxResponseBytes} bytes.`,
        );
      }
      chunks.push(chunk as Buffer);
    }
    return {
      statusCode: response.statusCode,
      headers,
      body: Buffer.concat(chunks).toString("utf8"),
      errorMessage: null,
      responseBytes: size,
    };
  } catch (error) {
    if (options.cancelSignal?.aborted) throw options.cancelSignal.reason;
    const code = errorCode(error);
    if (options.deadline.aborted || (code && TIMEOUT_ERRORS.has(code))) {
      return failed(CalloutStatus.TIMEOUT, `No response within the ${options.timeoutSeconds} s deadline.`);
    }
    if (code && CONNECTION_ERRORS.has(code)) {
      if (!responseStarted) return failed(CalloutStatus.CONNECTION_FAILED, `Connection failed (${code}).`);
      return {
        ...failed(
          CalloutStatus.CONNECTION_FAILED,
          `The connection was lost while the response was read (${code}).`,
        ),
        responseStarted: true,
      };
    }
    const message = error instanceof Error ? error.message : String(error);
    return failed(CalloutStatus.EXCEPTION, `The request could not be sent: ${message}`);
  }
}
