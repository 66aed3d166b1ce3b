import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { z } from "zod";
import type { Db, DbTransaction } from "@/lib/db";
import type { ContinuationStore } from "./store/store";
import { startTestServer } from "@/lib/testing/http-server";
import { createTestDb } from "@/lib/testing/test-db";
import { continuation, defineCallback, type Continuation } from "./define/continuation";
import { createEndpointPolicy, isPrivateAddress, type AllowedOrigin } from "./egress/endpoints";
import { ContinuationFailure, EndpointNotAllowedError } from "./errors";
import type { Logger } from "./logger";
import { createRuntime, type Runtime, type RuntimeOptions } from "./engine/runtime";
import { CalloutStatus } from "./status-codes";

let db: Db;
let store: ContinuationStore<DbTransaction>;
let cleanupDb: () => Promise<void>;
/** The ERP: behind the ERP named credential. */
let erp: Awaited<ReturnType<typeof startTestServer>>;
/** Reached by host name (`localhost`), which resolves to loopback. */
let lan: Awaited<ReturnType<typeof startTestServer>>;
/** On no allow-list: must never see a request. */
let outsider: Awaited<ReturnType<typeof startTestServer>>;
let runtime: Runtime;
const extraRuntimes: Runtime[] = [];
const OWNER = "agent-1";
const SECRET = "s3cr3t-erp-key-4f9a1c";

/** Every log line of every runtime in this file, as JSON. */
const lines: string[] = [];
const capturingLogger: Logger = {
  debug: (event, fields) => lines.push(JSON.stringify({ level: "debug", event, ...fields })),
  info: (event, fields) => lines.push(JSON.stringify({ level: "info", event, ...fields })),
  warn: (event, fields) => lines.push(JSON.stringify({ level: "warn", event, ...fields })),
  error: (event, fields) => lines.push(JSON.stringify({ level: "error", event, ...fields })),
};

/** Resolved when a server has received a request for a path. */
const arrivals = new Map<string, () => void>();
const arrived = (path: string) => new Promise<void>((resolve) => arrivals.set(path, resolve));
let flakyCalls = 0;

const single = defineCallback({
  name: "endpoints.single",
  labels: ["only"],
  state: z.object({ note: z.string() }),
  async run({ state, responses }) {
    const r = responses.only;
    if (state.note === "crash") throw new Error(`crashed after ${r.statusCode}`);
    if (state.note === "refuse")
      throw new ContinuationFailure("ERP_REFUSED", `Refused with ${r.statusCode}.`);
    return { statusCode: r.statusCode, body: r.body, errorMessage: r.errorMessage };
  },
});

function portOf(url: string) {
  return new URL(url).port;
}

beforeAll(async () => {
  ({ db, store, cleanup: cleanupDb } = await createTestDb());
  erp = await startTestServer((req, res) => {
    const path = new URL(req.url ?? "/", "http://x").pathname;
    arrivals.get(path)?.();
    switch (path) {
      case "/flaky":
        // Hangs the first time (the runtime is closed meanwhile), answers the re-send.
        if (++flakyCalls === 1) return;
        res.end("second time lucky");
        return;
      case "/reset":
        return req.socket.destroy();
      case "/missing":
        res.writeHead(404).end("no such thing");
        return;
      case "/redirect-out":
        res.writeHead(302, { location: `${outsider.url}/stolen` }).end();
        return;
      default:
        res.end(`erp ${path}`);
    }
  });
  lan = await startTestServer((req, res) => res.end(`lan ${req.url}`));
  outsider = await startTestServer((_req, res) => res.end("outsider"));
  // localhost is allow-listed, but not for private addresses; the outsider is on no list.
  runtime = createRuntime(options([`http://localhost:${portOf(lan.url)}`]));
});

afterAll(async () => {
  for (const extra of extraRuntimes) await extra.close();
  await runtime.close();
  await erp.close();
  await lan.close();
  await outsider.close();
  await cleanupDb();
});

function options(allowedOrigins: AllowedOrigin[] = []): RuntimeOptions {
  return {
    store,
    callbacks: [single],
    credentials: [{ name: "ERP", baseUrl: erp.url, headers: () => ({ "x-api-key": SECRET }) }],
    allowedOrigins,
    logger: capturingLogger,
  };
}

function extraRuntime(allowedOrigins?: AllowedOrigin[]) {
  const created = createRuntime(options(allowedOrigins));
  extraRuntimes.push(created);
  return created;
}

const one = (url: string, note = "n", headers?: Record<string, string>) =>
  continuation({ callback: single, state: { note }, requests: { only: { url, headers } } });

type Seen = { statusCode: number; body: string | null; errorMessage: string | null };

async function run(c: Continuation, on: Runtime = runtime) {
  const { id } = await on.start(c, { ownerId: OWNER });
  return on.waitUntilFinished(id, OWNER, 15_000);
}

async function rows() {
  return { continuations: await db.continuation.count(), callouts: await db.callout.count() };
}

function requestCount() {
  return erp.requests.length + lan.requests.length + outsider.requests.length;
}

describe("named credentials", () => {
  it("resolve callout:ERP/x and carry the secret header at send time only", async () => {
    const view = await run(one("callout:ERP/x"));
    expect(view.result).toMatchObject({ statusCode: 200, body: "erp /x" });
    const sent = erp.requests.find((r) => r.headers["idempotency-key"] === `${view.id}.0.only`);
    expect(sent?.url).toBe("/x");
    expect(sent?.headers["x-api-key"]).toBe(SECRET);
    const row = await db.callout.findFirstOrThrow({ where: { continuationId: view.id } });
    expect(row.url).toBe("callout:ERP/x");
    expect(row.headers).not.toContain(SECRET);
  });

  it("can be resolved by the policy on its own", () => {
    const policy = createEndpointPolicy({
      credentials: [
        { name: "ERP", baseUrl: "http://127.0.0.1:1/api/", headers: () => ({ "x-api-key": "k" }) },
      ],
    });
    const resolved = policy.resolve("callout:ERP/orders/7?x=1", { withSecrets: true });
    expect(resolved.url.href).toBe("http://127.0.0.1:1/api/orders/7?x=1");
    expect(resolved.secretHeaders).toEqual({ "x-api-key": "k" });
    // Validation (at start) never reads the secrets.
    expect(policy.resolve("callout:ERP/orders/7").secretHeaders).toEqual({});
  });
});

describe("a start is refused, with nothing persisted and nothing sent, for", () => {
  const port = () => portOf(erp.url);
  it.each([
    ["an unknown named credential", () => "callout:NOPE/x", /no named credential "NOPE"/],
    ["an origin not on the allow-list", () => `${outsider.url}/steal`, /not on the allow-list/],
    ["a file: URL", () => "file:///etc/passwd", /file: scheme is not allowed/],
    ["user:pass@ in the URL", () => `http://user:hunter2@127.0.0.1:${port()}/x`, /credentials in a URL/],
    ["something that is not a URL at all", () => "not a url", /neither callout/],
  ])("%s", async (_name, url, message) => {
    const before = await rows();
    const sentBefore = requestCount();
    const error = await runtime.start(one(url()), { ownerId: OWNER }).then(
      () => undefined,
      (e: unknown) => e,
    );
    expect(error).toBeInstanceOf(EndpointNotAllowedError);
    expect(error).toMatchObject({ code: "ENDPOINT_NOT_ALLOWED" });
    expect((error as Error).message).toMatch(message);
    expect((error as Error).message).not.toContain("hunter2");
    expect(await rows()).toEqual(before);
    expect(requestCount()).toBe(sentBefore);
  });
});

describe("a host name resolving to a private address", () => {
  it("is refused at connect time (2002) when allow-listed without allowPrivateNetwork", async () => {
    const view = await run(one(`http://localhost:${portOf(lan.url)}/refused`));
    const seen = view.result as Seen;
    expect(seen).toMatchObject({ statusCode: CalloutStatus.EXCEPTION, body: null });
    expect(seen.errorMessage).toMatch(/localhost/);
    expect(seen.errorMessage).toMatch(/127\.0\.0\.1/);
    expect(seen.errorMessage).toMatch(/private, loopback or link-local/);
    expect(lan.requests.some((r) => r.url === "/refused")).toBe(false);
  });

  it("is reached when its entry sets allowPrivateNetwork", async () => {
    const trusting = extraRuntime([
      { origin: `http://localhost:${portOf(lan.url)}`, allowPrivateNetwork: true },
    ]);
    const view = await run(one(`http://localhost:${portOf(lan.url)}/trusted`), trusting);
    expect(view.result).toMatchObject({ statusCode: 200, body: "lan /trusted" });
    expect(lan.requests.filter((r) => r.url === "/trusted")).toHaveLength(1);
  });
});

describe("isPrivateAddress", () => {
  // Strings checked locally: nothing is contacted.
  it.each([
    ["10.1.2.3", true],
    ["172.16.0.1", true],
    ["192.168.1.1", true],
    ["127.0.0.1", true],
    ["169.254.1.1", true],
    ["::1", true],
    ["fe80::1", true],
    ["fc00::1", true],
    ["::ffff:127.0.0.1", true],
    ["8.8.8.8", false],
    ["2001:4860::1", false],
  ])("%s -> %s", (address, expected) => {
    expect(isPrivateAddress(address)).toBe(expected);
  });
});

describe("a redirect", () => {
  it("to an origin off the allow-list becomes 2002, and nothing reaches that origin", async () => {
    const view = await run(one("callout:ERP/redirect-out"));
    const seen = view.result as Seen;
    expect(seen).toMatchObject({ statusCode: CalloutStatus.EXCEPTION, body: null });
    expect(seen.errorMessage).toMatch(/refused the redirect/i);
    expect(seen.errorMessage).toContain(outsider.url);
    expect(outsider.requests).toHaveLength(0);
  });
});

describe("secrets", () => {
  it("are never persisted nor logged, whether callouts succeed or fail", async () => {
    const cases = [
      one("callout:ERP/ok"),
      one("callout:ERP/missing"),
      one("callout:ERP/reset"),
      one("callout:ERP/redirect-out"),
      one("callout:ERP/bad-header", "n", { "x-bad": "line\nbreak" }),
      one("callout:ERP/ok", "crash"),
      one("callout:ERP/ok", "refuse"),
      one(`http://localhost:${portOf(lan.url)}/refused-again`),
    ];
    const views = [];
    for (const c of cases) views.push(await run(c));
    expect(views.map((v) => v.status)).toEqual([
      "completed",
      "completed",
      "completed",
      "completed",
      "completed",
      "failed",
      "failed",
      "completed",
    ]);
    // The secret did go out (so there was something to leak).
    expect(erp.requests.filter((r) => r.headers["x-api-key"] === SECRET).length).toBeGreaterThan(0);

    const continuations = await db.continuation.findMany();
    const callouts = await db.callout.findMany();
    expect(continuations.length).toBeGreaterThan(0);
    expect(callouts.length).toBeGreaterThan(0);
    for (const row of [...continuations, ...callouts]) expect(JSON.stringify(row)).not.toContain(SECRET);

    expect(lines.some((line) => line.includes('"continuation.started"'))).toBe(true);
    expect(lines.some((line) => line.includes('"level":"error"'))).toBe(true); // the crash was logged
    for (const line of lines) expect(line).not.toContain(SECRET);
  });
});

describe("an idempotency key", () => {
  it("stays the same when a callout is re-sent after a restart", async () => {
    const first = extraRuntime();
    const hanging = arrived("/flaky");
    const { id } = await first.start(one("callout:ERP/flaky"), { ownerId: OWNER });
    await hanging;
    await first.close(); // the callout is in flight: abandoned, for recovery to pick up

    const second = extraRuntime();
    expect(await second.resumePending()).toBe(1);
    const view = await second.waitUntilFinished(id, OWNER, 15_000);
    expect(view).toMatchObject({
      status: "completed",
      result: { statusCode: 200, body: "second time lucky" },
    });

    const sent = erp.requests.filter((r) => r.url === "/flaky");
    expect(sent).toHaveLength(2);
    expect(sent.map((r) => r.headers["idempotency-key"])).toEqual([`${id}.0.only`, `${id}.0.only`]);
    expect(sent.map((r) => r.headers["x-api-key"])).toEqual([SECRET, SECRET]);
  });

  it("is sent by recovery when the runtime closed before the callout went out", async () => {
    // Closed right after start: whatever the runtime had not sent yet is left for recovery, not
    // recorded as a failure of its own making.
    const first = extraRuntime();
    const { id } = await first.start(one("callout:ERP/after-restart"), { ownerId: OWNER });
    await first.close();

    const second = extraRuntime();
    await second.resumePending();
    const view = await second.waitUntilFinished(id, OWNER, 15_000);
    expect(view).toMatchObject({
      status: "completed",
      result: { statusCode: 200, body: "erp /after-restart" },
    });
    const sent = erp.requests.filter((r) => r.url === "/after-restart");
    expect(sent.length).toBeGreaterThanOrEqual(1);
    for (const r of sent) expect(r.headers["idempotency-key"]).toBe(`${id}.0.only`);
  });
});

describe("every runtime in this file", () => {
  it("kept the secret out of the database and the logs, restarts included", async () => {
    const all = [...(await db.continuation.findMany()), ...(await db.callout.findMany())];
    for (const row of all) expect(JSON.stringify(row)).not.toContain(SECRET);
    for (const line of lines) expect(line).not.toContain(SECRET);
  });
});
