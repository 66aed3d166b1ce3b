import type { IncomingMessage, ServerResponse } from "node:http";
import { HttpError } from "./errors";

/** Largest request body the ERP accepts (1 MB). */
export const MAX_BODY_BYTES = 1024 * 1024;

/*
 * After the limit is crossed we keep draining (and discarding) the upload so the client can finish
 * sending and actually read the 413; clients that are still writing often report a broken pipe
 * instead of the answer otherwise. Past this cap we give up and drop the connection.
 */
const DRAIN_CAP_BYTES = 32 * MAX_BODY_BYTES;

/**
 * Reads the whole request body. Throws HttpError 413 when it is larger than MAX_BODY_BYTES.
 * Rejects with the stream error if the client goes away mid-upload.
 */
export async function readBody(req: IncomingMessage): Promise<Buffer> {
  const chunks: Buffer[] = [];
  let received = 0;
  for await (const chunk of req as AsyncIterable<Buffer>) {
    received += chunk.length;
    if (received > DRAIN_CAP_BYTES) {
      req.destroy();
      break;
    }
    if (received <= MAX_BODY_BYTES) chunks.push(chunk);
  }
  if (received > MAX_BODY_BYTES) {
    throw new HttpError(413, "PAYLOAD_TOO_LARGE", `Request body is larger than ${MAX_BODY_BYTES} bytes.`);
  }
  return Buffer.concat(chunks);
}

/** A request body after content-type based parsing. */
export type ParsedBody =
  { kind: "none" } | { kind: "json"; value: unknown } | { kind: "form"; value: URLSearchParams };

/** The media type of a `content-type` header, lower-cased and without parameters ("" when absent). */
export function mediaTypeOf(contentType: string | undefined): string {
  return (contentType ?? "").split(";")[0]?.trim().toLowerCase() ?? "";
}

/**
 * Parses a raw body: form-encoded when `acceptsForm` and the content type says so, otherwise JSON
 * (the ERP is a JSON API, so other content types are read as JSON). Throws 400 INVALID_JSON.
 */
export function parseBody(raw: Buffer, contentType: string | undefined, acceptsForm: boolean): ParsedBody {
  if (raw.length === 0) return { kind: "none" };
  const text = raw.toString("utf8");
  if (acceptsForm && mediaTypeOf(contentType) === "application/x-www-form-urlencoded") {
    return { kind: "form", value: new URLSearchParams(text) };
  }
  try {
    return { kind: "json", value: JSON.parse(text) as unknown };
  } catch {
    throw new HttpError(400, "INVALID_JSON", "Request body is not valid JSON.");
  }
}

/** Writes a JSON answer with an explicit content length. */
export function sendJson(
  res: ServerResponse,
  status: number,
  body: unknown,
  headers: Readonly<Record<string, string>> = {},
): void {
  const payload = JSON.stringify(body);
  res.writeHead(status, {
    ...headers,
    "content-type": "application/json; charset=utf-8",
    "content-length": Buffer.byteLength(payload),
  });
  res.end(payload);
}

/**
 * Resolves true after `ms`, or false as soon as `signal` aborts. The timer is cleared on abort so
 * a disconnected client leaves nothing armed behind.
 */
export function delay(ms: number, signal: AbortSignal): Promise<boolean> {
  if (signal.aborted) return Promise.resolve(false);
  if (ms <= 0) return Promise.resolve(true);
  return new Promise((resolve) => {
    const onAbort = (): void => {
      clearTimeout(timer);
      resolve(false);
    };
    const timer = setTimeout(() => {
      signal.removeEventListener("abort", onAbort);
      resolve(true);
    }, ms);
    signal.addEventListener("abort", onAbort, { once: true });
  });
}
