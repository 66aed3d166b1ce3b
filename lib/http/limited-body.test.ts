import { describe, expect, it } from "vitest";
import { readLimitedText } from "./limited-body";

/** A request whose body arrives in `chunks` without a Content-Length (as a chunked upload does). */
function streamed(chunks: string[], onPull?: () => void, headers?: Record<string, string>) {
  const encoder = new TextEncoder();
  let next = 0;
  const body = new ReadableStream<Uint8Array>(
    {
      pull(controller) {
        onPull?.();
        if (next < chunks.length) controller.enqueue(encoder.encode(chunks[next++]));
        else controller.close();
      },
      // Nothing is pulled before someone reads.
    },
    { highWaterMark: 0 },
  );
  return new Request("http://127.0.0.1/api/sessions", {
    method: "POST",
    body,
    headers,
    duplex: "half",
  } as RequestInit);
}

describe("reading a body up to a limit", () => {
  it("gives a body within the limit as text", async () => {
    const request = new Request("http://127.0.0.1/", { method: "POST", body: '{"a":"é"}' });
    expect(await readLimitedText(request, 16)).toEqual({ ok: true, text: '{"a":"é"}' });
    expect(await readLimitedText(new Request("http://127.0.0.1/", { method: "POST" }), 16)).toEqual({
      ok: true,
      text: "",
    });
  });

  it("refuses a larger Content-Length before reading anything", async () => {
    let pulled = 0;
    const declared = streamed(["x"], () => pulled++, { "content-length": "17" });
    expect(await readLimitedText(declared, 16)).toEqual({ ok: false, reason: "too-large" });
    expect(pulled).toBe(0);
  });

  it("stops reading a body without a length as soon as it passes the limit", async () => {
    let pulled = 0;
    const chunks = Array.from({ length: 100 }, () => "x".repeat(10));
    expect(
      await readLimitedText(
        streamed(chunks, () => pulled++),
        25,
      ),
    ).toEqual({
      ok: false,
      reason: "too-large",
    });
    expect(pulled).toBeLessThan(10);
  });
});
