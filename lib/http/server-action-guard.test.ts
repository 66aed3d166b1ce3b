import { describe, expect, it } from "vitest";
import {
  checkActionBodySize,
  checkActionOrigin,
  checkPagePost,
  SERVER_ACTION_BODY_LIMIT_BYTES,
} from "./server-action-guard";

const ACTION_ID = "7fc6dad37251453221d67a959b8c4215e51bb64d44";
const ARGUMENTS = '[{"productId":"wd-drill-18v"}]';

/** A server action call as the page's JavaScript sends it, with `headers` added or replaced. */
function actionCall(body: string | FormData, headers: Record<string, string> = {}): Request {
  const request = new Request("http://127.0.0.1:3000/", { method: "POST", body });
  const sent = new Headers(request.headers);
  sent.set("host", "127.0.0.1:3000");
  sent.set("next-action", ACTION_ID);
  if (typeof body === "string") sent.set("content-length", String(new TextEncoder().encode(body).length));
  // A FormData body's length is what the browser computes; any value within the limit will do here.
  else sent.set("content-length", "1000");
  for (const [name, value] of Object.entries(headers)) sent.set(name, value);
  return new Request(request, { headers: sent });
}

const refusal = (status: number, message: string) => ({ status, message });
const CROSS_ORIGIN = refusal(403, "Cross-origin server action calls are refused.");

describe("checkActionOrigin", () => {
  const headers = (entries: Record<string, string>) => new Headers({ host: "desk.example:3000", ...entries });

  it.each([
    ["no Origin (curl, scripts)", {}],
    ["its own origin", { origin: "http://desk.example:3000" }],
    [
      "its own origin, same-origin fetch",
      { origin: "http://desk.example:3000", "sec-fetch-site": "same-origin" },
    ],
    [
      "the public host a reverse proxy forwards",
      { origin: "https://desk.example", "x-forwarded-host": "desk.example" },
    ],
  ])("lets through %s", (_name, entries) => {
    expect(checkActionOrigin(headers(entries))).toBeNull();
  });

  it.each([
    ["another site", { origin: "https://attacker.example" }],
    ["another port of the same host", { origin: "http://desk.example:4000" }],
    ["an opaque origin", { origin: "null" }],
    ["an unparsable origin", { origin: "::" }],
    ["Sec-Fetch-Site cross-site without an Origin", { "sec-fetch-site": "cross-site" }],
  ])("refuses %s", (_name, entries) => {
    expect(checkActionOrigin(headers(entries))).toEqual(CROSS_ORIGIN);
  });
});

describe("checkActionBodySize", () => {
  it("takes a body up to the limit", () => {
    const headers = new Headers({ "content-length": String(SERVER_ACTION_BODY_LIMIT_BYTES) });
    expect(checkActionBodySize(headers)).toBeNull();
  });

  it.each([
    [{}, refusal(411, "A server action call needs a Content-Length.")],
    [{ "content-length": "12abc" }, refusal(400, "The Content-Length is not a number.")],
    [
      { "content-length": String(SERVER_ACTION_BODY_LIMIT_BYTES + 1) },
      refusal(413, "A server action call may send at most 32 KiB."),
    ],
    [
      { "content-length": String(2 * 1024 * 1024) },
      refusal(413, "A server action call may send at most 32 KiB."),
    ],
  ])("refuses %j", (entries, expected) => {
    expect(checkActionBodySize(new Headers(entries))).toEqual(expected);
  });
});

describe("checkPagePost", () => {
  it("lets a well-formed call through, text or multipart", async () => {
    expect(await checkPagePost(actionCall(ARGUMENTS))).toBeNull();
    const form = new FormData();
    form.append("1_username", "alice");
    form.append("0", '[{"error":null,"username":""},"$K1"]');
    expect(await checkPagePost(actionCall(form))).toBeNull();
  });

  it("lets a POST that is no action through without reading it (Next.js renders the page)", async () => {
    const request = new Request("http://127.0.0.1:3000/", {
      method: "POST",
      body: "x=1",
      headers: { host: "127.0.0.1:3000", "content-type": "application/x-www-form-urlencoded" },
    });
    expect(await checkPagePost(request)).toBeNull();
    expect(request.bodyUsed).toBe(false);
  });

  it.each([
    ["from another site", actionCall(ARGUMENTS, { origin: "https://attacker.example" }), CROSS_ORIGIN],
    [
      "a JSON body",
      actionCall(ARGUMENTS, { "content-type": "application/json" }),
      refusal(415, "A server action call sends text/plain or multipart/form-data."),
    ],
    [
      "a form-urlencoded body",
      actionCall("a=b", { "content-type": "application/x-www-form-urlencoded" }),
      refusal(415, "A server action call sends text/plain or multipart/form-data."),
    ],
    [
      "a body over the limit",
      actionCall(ARGUMENTS, { "content-length": String(2 * 1024 * 1024) }),
      refusal(413, "A server action call may send at most 32 KiB."),
    ],
    [
      "arguments nested 10,000 deep",
      actionCall(`[${"[".repeat(10_000)}${"]".repeat(10_000)}]`),
      refusal(400, "The arguments are nested deeper than 32 levels."),
    ],
    [
      "a truncated body",
      actionCall(ARGUMENTS.slice(0, 20)),
      refusal(400, "The arguments are not complete JSON (was the body cut short?)."),
    ],
    ['"$undefined"', actionCall('"$undefined"'), refusal(400, "The arguments must be a list.")],
    [
      "a multipart body cut short",
      actionCall('--b\r\nContent-Disposition: form-data; name="0"\r\n\r\n[]\r\n--b\r\nContent-Dis', {
        "content-type": "multipart/form-data; boundary=b",
      }),
      refusal(400, "The body is not valid multipart form data (was it cut short?)."),
    ],
  ])("refuses a call %s", async (_name, request, expected) => {
    expect(await checkPagePost(request)).toEqual(expected);
  });

  it("checks a form posted without JavaScript too: origin, size and bound arguments", async () => {
    const form = new FormData();
    form.append("$ACTION_REF_1", "");
    form.append("$ACTION_1:1", '[{"error":nu');
    const withoutScript = (headers: Record<string, string> = {}) => {
      const request = actionCall(form, headers);
      request.headers.delete("next-action");
      return request;
    };
    expect(await checkPagePost(withoutScript({ origin: "https://attacker.example" }))).toEqual(CROSS_ORIGIN);
    expect(await checkPagePost(withoutScript({ "content-length": "99999999" }))).toEqual(
      refusal(413, "A server action call may send at most 32 KiB."),
    );
    expect(await checkPagePost(withoutScript())).toEqual(
      refusal(400, "The arguments (part $ACTION_1:1) are not complete JSON (was the body cut short?)."),
    );
  });
});
