import fs from "node:fs";
import http from "node:http";
import type { AddressInfo } from "node:net";
import path from "node:path";
import { request as requestContext } from "@playwright/test";
import { prepareApp, startApp, type AppOptions, type AppProcess } from "./app-process";
import { DEMO_PASSWORD, expect, test } from "./fixtures";

// With OTEL_EXPORTER_OTLP_ENDPOINT set, the app exports its spans over OTLP/HTTP: an app of the
// test's own sends them to a collector of the test's own (a local HTTP server reading OTLP JSON).

type KeyValue = { key: string; value: { stringValue?: string; intValue?: number | string } };
interface OtlpSpan {
  traceId: string;
  spanId: string;
  parentSpanId?: string;
  name: string;
  attributes?: KeyValue[];
}
interface OtlpExport {
  resourceSpans: { resource?: { attributes?: KeyValue[] }; scopeSpans: { spans: OtlpSpan[] }[] }[];
}

const dataDir = path.resolve("data/e2e-traces");
let collector: http.Server;
let received: { body: string; export: OtlpExport }[] = [];
let app: AppProcess | undefined;

/** A port the OS says is free now. */
async function freePort(): Promise<number> {
  const server = http.createServer();
  await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
  const { port } = server.address() as AddressInfo;
  await new Promise((resolve) => server.close(resolve));
  return port;
}

test.beforeAll(async () => {
  collector = http.createServer((req, res) => {
    const chunks: Buffer[] = [];
    req.on("data", (chunk: Buffer) => chunks.push(chunk));
    req.on("end", () => {
      const body = Buffer.concat(chunks).toString("utf8");
      if (req.method === "POST" && req.url === "/v1/traces")
        received.push({ body, export: JSON.parse(body) as OtlpExport });
      res.writeHead(200, { "content-type": "application/json" }).end("{}");
    });
  });
  await new Promise<void>((resolve) => collector.listen(0, "127.0.0.1", resolve));
  fs.rmSync(dataDir, { recursive: true, force: true });
});

test.afterAll(async () => {
  await app?.terminate();
  collector.closeAllConnections();
  await new Promise((resolve) => collector.close(resolve));
  fs.rmSync(dataDir, { recursive: true, force: true });
});

const attribute = (span: { attributes?: KeyValue[] }, key: string) => {
  const value = span.attributes?.find((a) => a.key === key)?.value;
  return value?.stringValue ?? (value?.intValue === undefined ? undefined : Number(value.intValue));
};

test("With a collector configured, one warranty lookup is one trace from the action to the callback", async () => {
  const options: AppOptions = {
    port: await freePort(),
    dataDir,
    instanceId: "traced",
    env: {
      OTEL_EXPORTER_OTLP_ENDPOINT: `http://127.0.0.1:${(collector.address() as AddressInfo).port}`,
      OTEL_SERVICE_NAME: "warranty-desk-e2e",
      OTEL_BSP_SCHEDULE_DELAY: "200",
    },
  };
  prepareApp(options);
  app = await startApp(options);
  received = [];

  const agent = await requestContext.newContext({ baseURL: app.url });
  const signedIn = await agent.post("/api/sessions", {
    data: { username: "alice", password: DEMO_PASSWORD },
  });
  expect(signedIn.status()).toBe(204);
  const started = await agent.post("/api/warranty-lookups", { data: { productId: "wd-drill-18v" } });
  expect(started.status()).toBe(202);
  const { id } = (await started.json()) as { id: string };
  await expect
    .poll(
      async () => ((await (await agent.get(`/api/continuations/${id}`)).json()) as { status: string }).status,
    )
    .toBe("completed");
  await agent.dispose();

  const spansOf = () =>
    received.flatMap((r) => r.export.resourceSpans.flatMap((rs) => rs.scopeSpans.flatMap((ss) => ss.spans)));
  const ours = ["action warranty.received", "callout warranty", "callback warranty.received"];
  await expect
    .poll(() => ours.filter((name) => spansOf().some((s) => s.name === name)), { timeout: 15_000 })
    .toEqual(ours);

  const byName = (name: string) => spansOf().find((s) => s.name === name)!;
  const action = byName("action warranty.received");
  const callout = byName("callout warranty");
  const callback = byName("callback warranty.received");
  for (const span of [callout, callback]) {
    expect(span.traceId).toBe(action.traceId);
    expect(span.parentSpanId).toBe(action.spanId);
  }
  // The action's span is a child of Next.js's own span for the request.
  expect(spansOf().find((s) => s.spanId === action.parentSpanId)).toBeDefined();
  expect(attribute(callout, "continuation.id")).toBe(id);
  expect(attribute(callout, "url.full")).toBe("callout:ERP/warranty/SN-1001-A");
  expect(attribute(callout, "http.response.status_code")).toBe(200);
  expect(
    received.some((r) => r.body.includes("warranty-desk-e2e")),
    "the service's name",
  ).toBe(true);
  // The ERP's API key (added at send time) is never exported.
  expect(received.some((r) => r.body.includes("erp-demo-key"))).toBe(false);
});
