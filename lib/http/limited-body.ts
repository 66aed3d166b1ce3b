// Reads a request body up to a size, refusing larger ones without buffering them.

export type LimitedBody = { ok: true; text: string } | { ok: false; reason: "too-large" | "unreadable" };

/**
 * The body as (UTF-8) text if it is at most `maxBytes`. A larger Content-Length is refused before
 * anything is read; a body without one (chunked) is read until it passes the limit, then the
 * stream is cancelled, so at most `maxBytes` plus one chunk is ever held.
 */
export async function readLimitedText(request: Request, maxBytes: number): Promise<LimitedBody> {
  const declared = Number(request.headers.get("content-length") ?? Number.NaN);
  if (declared > maxBytes) return { ok: false, reason: "too-large" };
  if (!request.body) return { ok: true, text: "" };
  const reader = request.body.getReader();
  const chunks: Uint8Array[] = [];
  let size = 0;
  try {
    for (;;) {
      const { done, value } = await reader.read();
      if (done) break;
      size += value.byteLength;
      if (size > maxBytes) {
        await reader.cancel().catch(() => {});
        return { ok: false, reason: "too-large" };
      }
      chunks.push(value);
    }
  } catch {
    return { ok: false, reason: "unreadable" };
  } finally {
    reader.releaseLock();
  }
  try {
    return { ok: true, text: new TextDecoder("utf-8", { fatal: true }).decode(Buffer.concat(chunks)) };
  } catch {
    return { ok: false, reason: "unreadable" }; // not UTF-8
  }
}
