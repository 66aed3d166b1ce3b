import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { startTestServer } from "@/lib/testing/http-server";
import { silentLogger } from "../logger";
import { createBreakers } from "./breaker";
import { createEndpointPolicy } from "./endpoints";
import { createHttpAgent } from "./http";
import { createCalloutSender, type OutgoingCallout } from "./send-callout";

// The sender against a real server: retries happen within the deadline with the same
// Idempotency-Key, and the circuit breaker sees each callout's final outcome only.
let erp: Awaited<ReturnType<typeof startTestServer>>;
const answers = new Map<string, (number | "reset")[]>();

beforeAll(async () => {
  erp = await startTestServer((req, res) => {
    const script = answers.get(new URL(req.url ?? "/", "http://x").pathname) ?? [];
    const next = script.shift() ?? 200;
    if (next === "reset") return void req.socket.destroy();
    res.writeHead(next, next === 503 ? { "retry-after": "0" } : {}).end(`answer ${next}`);
  });
});
afterAll(() => erp.close());

function sender() {
  const endpoints = createEndpointPolicy({
    credentials: [
      { name: "ERP", baseUrl: erp.url, allowPrivateNetwork: true, headers: () => ({ "x-api-key": "k" }) },
    ],
  });
  const breakers = createBreakers(["ERP"], { failures: 3, halfOpenAfterMs: 60_000 }, silentLogger, Date.now);
  const send = createCalloutSender({
    endpoints,
    breakers,
    agent: createHttpAgent(endpoints.lookup),
    limits: { maxResponseBytes: 1_000_000 },
    now: () => new Date(),
    retry: { attempts: 4, baseMs: 10, maxMs: 50, marginMs: 10 },
  });
  return { send, breakers };
}
const step = () => ({ deadlineAt: new Date(Date.now() + 10_000), timeoutSeconds: 10 });
const callout = (path: string, retryOn: number[] = []): OutgoingCallout => ({
  url: `callout:ERP${path}`,
  method: "POST",
  headers: {},
  body: "{}",
  idempotencyKey: `key-${path}`,
  retryOn,
});
const sent = (path: string) => erp.requests.filter((r) => r.url === path);

describe("a callout", () => {
  it("is sent again on a status its request declares, with the same idempotency key", async () => {
    answers.set("/declared", [503, 503, 200]);
    const { send, breakers } = sender();
    const outcome = await send(callout("/declared", [503]), step(), new AbortController().signal);
    expect(outcome).toMatchObject({ statusCode: 200, body: "answer 200" });
    expect(sent("/declared").map((r) => r.headers["idempotency-key"])).toEqual(
      Array(3).fill("key-/declared"),
    );
    expect(breakers.views()[0]).toMatchObject({ state: "closed", consecutiveFailures: 0 });
  });

  it("is not sent again on a status its request did not declare", async () => {
    answers.set("/undeclared", [503, 200]);
    const outcome = await sender().send(callout("/undeclared"), step(), new AbortController().signal);
    expect(outcome.statusCode).toBe(503);
    expect(sent("/undeclared")).toHaveLength(1);
  });

  it("is sent again when the connection is reset before any response", async () => {
    answers.set("/reset", ["reset", 200]);
    const outcome = await sender().send(callout("/reset"), step(), new AbortController().signal);
    expect(outcome.statusCode).toBe(200);
    expect(sent("/reset")).toHaveLength(2);
  });

  it("counts once in the circuit breaker however many attempts it took", async () => {
    answers.set("/down", [503, 503, 503, 503]);
    const { send, breakers } = sender();
    const outcome = await send(callout("/down", [503]), step(), new AbortController().signal);
    expect(outcome.statusCode).toBe(503);
    expect(sent("/down")).toHaveLength(4);
    expect(breakers.views()[0]).toMatchObject({ state: "closed", consecutiveFailures: 1 });
  });
});
