import { describe, expect, it } from "vitest";
import { createApiRoute, readJsonBody } from "./api";

const URL_ = "http://127.0.0.1:3000/api/orders";
const HOST = "127.0.0.1:3000";

function post(body: BodyInit | null, headers: Record<string, string> = {}): Request {
  return new Request(URL_, {
    method: "POST",
    body,
    headers: { host: HOST, "content-type": "application/json", ...headers },
    ...(body instanceof ReadableStream && { duplex: "half" }),
  } as RequestInit);
}

async function errorOf(response: Response) {
  return {
    status: response.status,
    ...((await response.json()) as { error: { code: string; message: string } }).error,
  };
}

describe("readJsonBody", () => {
  const read = (request: Request, maxBytes?: number) =>
    readJsonBody(request, { example: '{ "a": 1 }', maxBytes });

  it("reads a JSON body", async () => {
    expect(await read(post('{"a":1}'))).toEqual({ ok: true, body: { a: 1 } });
    expect(await read(post('{"a":1}', { "content-type": "Application/JSON; charset=utf-8" }))).toEqual({
      ok: true,
      body: { a: 1 },
    });
  });

  it.each(["text/plain", "application/x-www-form-urlencoded", "multipart/form-data; boundary=x", ""])(
    "answers 415 for content-type %j",
    async (type) => {
      const result = await read(post('{"a":1}', { "content-type": type }));
      expect(result.ok).toBe(false);
      if (!result.ok)
        expect(await errorOf(result.response)).toMatchObject({ status: 415, code: "UNSUPPORTED_MEDIA_TYPE" });
    },
  );

  it("answers 413 by Content-Length before reading anything", async () => {
    let pulled = 0;
    const body = new ReadableStream<Uint8Array>({
      pull(controller) {
        pulled++;
        controller.enqueue(new Uint8Array(1024));
      },
    });
    const result = await read(post(body, { "content-length": String(2 * 1024 * 1024) }));
    expect(result.ok).toBe(false);
    if (!result.ok)
      expect(await errorOf(result.response)).toMatchObject({ status: 413, code: "BODY_TOO_LARGE" });
    expect(pulled, "chunks pulled from a body refused by its Content-Length").toBeLessThanOrEqual(1);
  });

  it("answers 413 for a chunked body once it passes the limit, and stops reading it", async () => {
    let pulled = 0;
    const body = new ReadableStream<Uint8Array>({
      pull(controller) {
        pulled++;
        if (pulled > 2048)
          controller.close(); // 2 MiB, if it were read to the end
        else controller.enqueue(new Uint8Array(1024).fill(32));
      },
    });
    const result = await read(post(body), 16 * 1024);
    expect(result.ok).toBe(false);
    if (!result.ok) expect(await errorOf(result.response)).toMatchObject({ status: 413 });
    expect(pulled, "1 KiB chunks read of a 2 MiB body with a 16 KiB limit").toBeLessThan(40);
  });

  it.each([
    ["truncated JSON", '{"a":'],
    ["an empty body", ""],
    ["bytes that are not UTF-8", new Uint8Array([0x7b, 0xff, 0xfe, 0x7d])],
  ])("answers 400 for %s, with the expected shape", async (_, body) => {
    const result = await read(post(body as BodyInit));
    expect(result.ok).toBe(false);
    if (!result.ok)
      expect(await errorOf(result.response)).toEqual({
        status: 400,
        code: "INVALID_JSON",
        message: 'The body must be JSON: { "a": 1 }.',
      });
  });
});

describe("apiRoute", () => {
  const agent = { id: "agent-1" };
  const calls: unknown[] = [];
  const route = (signedIn: boolean) =>
    createApiRoute(async () => (signedIn ? agent : null))(
      { access: "agent", body: { example: "{}" } },
      async (call) => {
        calls.push(call.body);
        return Response.json({ agent: call.agent.id });
      },
    );
  const context = { params: Promise.resolve({}) };

  it("runs the handler with the agent and the body", async () => {
    const response = await route(true)(post('{"a":1}'), context);
    expect(await response.json()).toEqual({ agent: "agent-1" });
    expect(calls.at(-1)).toEqual({ a: 1 });
  });

  it("refuses another site's origin with 403 before anything else", async () => {
    const response = await route(true)(post('{"a":1}', { origin: "https://evil.example" }), context);
    expect(await errorOf(response)).toMatchObject({ status: 403, code: "FORBIDDEN_ORIGIN" });
  });

  it("answers 401 without a session, and never reads the body", async () => {
    const request = post("not even JSON", { "content-type": "text/plain" });
    const response = await route(false)(request, context);
    expect(await errorOf(response)).toMatchObject({ status: 401, code: "UNAUTHENTICATED" });
    expect(request.bodyUsed).toBe(false);
  });

  it("lets a route open to anyone run signed out", async () => {
    const open = createApiRoute(async () => null)({ access: "anyone" }, async (call) =>
      Response.json({ agent: call.agent }),
    );
    expect(await (await open(new Request(URL_, { headers: { host: HOST } }), context)).json()).toEqual({
      agent: null,
    });
  });
});
