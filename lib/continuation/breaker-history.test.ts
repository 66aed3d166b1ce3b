import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { startTestServer } from "@/lib/testing/http-server";
import { z } from "zod";
import { continuation, defineCallback } from "./define/continuation";
import { createBreakers } from "./egress/breaker";
import type { BreakerTransition } from "./egress/breaker";
import { createRuntime, type Runtime } from "./engine/runtime";
import { createMemoryStore } from "./store/memory-store";
import { CalloutStatus } from "./status-codes";

const answer = (statusCode: number) => ({
  statusCode,
  headers: {},
  body: null,
  errorMessage: null,
  responseBytes: null,
});

describe("a breaker's transitions", () => {
  it("are reported as they happen: opened by failures, half-open, closed by a probe, and a manual reset", async () => {
    const seen: string[] = [];
    const breakers = createBreakers(
      ["ERP"],
      { failures: 2, halfOpenAfterMs: 100 },
      undefined,
      Date.now,
      (t) => seen.push(`${t.state}:${t.reason}`),
    );
    const call = (code: number) => breakers.call("ERP", async () => answer(code));
    await call(503);
    await call(503);
    expect((await call(200)).statusCode).toBe(CalloutStatus.CIRCUIT_OPEN);
    await new Promise((resolve) => setTimeout(resolve, 150));
    await call(200);
    expect(seen).toEqual(["open:failures", "half-open:probe", "closed:probe"]);
    // Resetting a closed breaker changes nothing, so it reports nothing; an open one reports its closing.
    breakers.reset("ERP");
    await call(503);
    await call(503);
    breakers.reset("ERP");
    expect(seen.slice(3)).toEqual(["open:failures", "closed:reset"]);
  });
});

const lookup = defineCallback({
  name: "probe-test.lookup",
  labels: ["only"],
  state: z.object({}),
  run: async ({ responses }) => responses.only.statusCode,
});

describe("an operator's manual probe", () => {
  let erp: Awaited<ReturnType<typeof startTestServer>>;
  let runtime: Runtime;
  let healthy = false;
  const transitions: BreakerTransition[] = [];

  beforeAll(async () => {
    erp = await startTestServer((req, res) => {
      if (req.url === "/health") return void res.writeHead(healthy ? 200 : 503).end();
      res.writeHead(503).end();
    });
    runtime = createRuntime({
      store: createMemoryStore() as never,
      callbacks: [lookup],
      credentials: [
        {
          name: "ERP",
          baseUrl: erp.url,
          headers: () => ({ "x-api-key": "k" }),
          allowPrivateNetwork: true,
          probePath: "/health",
        },
        { name: "OTHER", baseUrl: erp.url, headers: () => ({}), allowPrivateNetwork: true },
      ],
      breaker: { failures: 1, halfOpenAfterMs: 60_000 },
      instanceId: "probe-test",
    });
    runtime.onBreakerTransition((t) => transitions.push(t));
  });
  afterAll(async () => {
    await runtime.close();
    await erp.close();
  });

  it("asks the health path past an open breaker, leaves it open on a failure and closes it on a 2xx", async () => {
    const { id } = await runtime.start(
      continuation({ callback: lookup, state: {}, requests: { only: { url: "callout:ERP/data" } } }),
      { ownerId: "agent" },
    );
    await runtime.waitUntilFinished(id, "agent");
    expect(runtime.breakers().find((b) => b.credential === "ERP")?.state).toBe("open");
    expect((await runtime.probeBreaker("ERP"))!).toMatchObject({
      ok: false,
      statusCode: 503,
      breaker: { state: "open" },
    });
    healthy = true;
    const probe = (await runtime.probeBreaker("ERP"))!;
    expect(probe).toMatchObject({
      credential: "ERP",
      ok: true,
      statusCode: 200,
      breaker: { state: "closed" },
    });
    expect(transitions.map((t) => `${t.credential} ${t.state}:${t.reason}`)).toEqual([
      "ERP open:failures",
      "ERP closed:operator-probe",
    ]);
    expect(erp.requests.filter((r) => r.url === "/health").map((r) => r.headers["x-api-key"])).toEqual([
      "k",
      "k",
    ]);
    expect(await runtime.probeBreaker("OTHER")).toBeNull();
    expect(await runtime.probeBreaker("NOPE")).toBeNull();
  });

  it("reports the transitions with this instance's name", async () => {
    expect(transitions.every((t) => t.instance === "probe-test")).toBe(true);
  });
});
