/** Shared setup for the mock ERP's vitest files: a server on a random port with a movable clock. */
import { afterAll, beforeAll, beforeEach, expect } from "vitest";
import { createErpServer } from "./server";
import type { ErpServer, ErpServerOptions } from "./server";
import type { StatsSnapshot } from "./stats";

export const API_KEY = "test-api-key";
export const CLIENT = { id: "test-client", secret: "test-secret" };
export const START = new Date("2026-01-15T12:00:00Z");
export const withKey = { "x-api-key": API_KEY };

/** The JSON error body every route uses. */
export interface ErrorJson {
  error: { code: string; message: string };
}

/** A running test server plus helpers bound to it. */
export interface TestErp {
  readonly base: string;
  readonly server: ErpServer;
  /** Mutable clock the server reads; reset to START before each test. */
  clock: { now: Date };
  /** Moves the clock forward by `ms`. */
  advance(ms: number): void;
  fetch(path: string, init?: RequestInit): Promise<Response>;
  admin(method: string, path: string, body?: unknown): Promise<Response>;
  addFault(fault: Record<string, unknown>): Promise<string>;
  stats(): Promise<StatsSnapshot>;
  token(): Promise<string>;
}

/**
 * Registers vitest hooks that start one server for the file (latency 0, quiet, token TTL 60 s),
 * reset it and the clock before each test and close it afterwards.
 */
export function setupTestErp(options: ErpServerOptions = {}): TestErp {
  let server: ErpServer | undefined;
  let base = "";
  const clock = { now: START };

  const erpFetch = (path: string, init?: RequestInit): Promise<Response> => fetch(`${base}${path}`, init);
  const admin = (method: string, path: string, body?: unknown): Promise<Response> =>
    erpFetch(path, {
      method,
      ...(body !== undefined && {
        headers: { "content-type": "application/json" },
        body: JSON.stringify(body),
      }),
    });

  beforeAll(async () => {
    server = createErpServer({
      defaultLatencyMs: 0,
      log: false,
      apiKey: API_KEY,
      clientId: CLIENT.id,
      clientSecret: CLIENT.secret,
      tokenTtlSeconds: 60,
      now: () => clock.now,
      ...options,
    });
    base = (await server.listen(0, "127.0.0.1")).url;
  });

  afterAll(async () => {
    await server?.close();
  });

  beforeEach(async () => {
    clock.now = START;
    await admin("POST", "/__admin/reset");
  });

  return {
    get base() {
      return base;
    },
    get server() {
      if (!server) throw new Error("The test ERP is not started yet.");
      return server;
    },
    clock,
    advance(ms) {
      clock.now = new Date(clock.now.getTime() + ms);
    },
    fetch: erpFetch,
    admin,
    async addFault(fault) {
      const res = await admin("POST", "/__admin/faults", fault);
      expect(res.status).toBe(201);
      return ((await res.json()) as { id: string }).id;
    },
    async stats() {
      return (await (await admin("GET", "/__admin/stats")).json()) as StatsSnapshot;
    },
    async token() {
      const res = await erpFetch("/oauth/token", {
        method: "POST",
        body: new URLSearchParams({
          grant_type: "client_credentials",
          client_id: CLIENT.id,
          client_secret: CLIENT.secret,
        }),
      });
      expect(res.status).toBe(200);
      return ((await res.json()) as { access_token: string }).access_token;
    },
  };
}

/** Reads an error answer and returns its code. */
export async function errorCode(res: Response): Promise<string> {
  return ((await res.json()) as ErrorJson).error.code;
}
