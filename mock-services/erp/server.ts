import { createServer } from "node:http";
import type { IncomingMessage, ServerResponse } from "node:http";
import { assertSameOriginCaller, isAdminPath, parseAdminBody } from "./admin-guard";
import { HttpError } from "./errors";
import { applyFaultAction, createFaultStore, MAX_LATENCY_MS } from "./faults";
import type { Fault } from "./faults";
import { delay, parseBody, readBody, sendJson } from "./http-io";
import { matchRoute, routeKey } from "./router";
import { createOrderStore, ORDER_PROGRESS_EXPECTED, orderProgressSchema } from "./orders";
import type { OrderProgressMs } from "./orders";
import type { ErpAuth, ErpRoute, ErpState, RouteDefinition } from "./router";
import { routes, safeEqual } from "./routes";
import { createStats } from "./stats";
import { createTokenStore } from "./tokens";
import type { TokenStore } from "./tokens";

/** Defaults shared by `createErpServer` and the process entry (env var defaults). */
export const ERP_DEFAULTS = {
  port: 4010,
  host: "127.0.0.1",
  clientId: "warranty-desk",
  clientSecret: "erp-demo-secret",
  apiKey: "erp-demo-key",
  tokenTtlSeconds: 300,
  /** ms after creation until an order is confirmed, shipped, delivered. */
  orderProgressMs: [5000, 30_000, 120_000],
} as const;

/**
 * Pending connections the kernel may queue before `accept` (Node's default is 511). A burst of
 * thousands of clients connecting at once overflows a short queue: Linux then drops the handshake
 * and the client retries its SYN after 1 s, 3 s, 7 s..., which shows up as seconds of extra latency
 * or as connect timeouts. The kernel caps it at `net.core.somaxconn` (4096 on current Linux).
 */
export const LISTEN_BACKLOG = 16_384;

/** Options of `createErpServer`; everything is optional and defaults to ERP_DEFAULTS. */
export interface ErpServerOptions {
  /** Replaces every route's own default latency (1000 to 2000 ms); tests pass 0. */
  defaultLatencyMs?: number;
  clientId?: string;
  clientSecret?: string;
  apiKey?: string;
  tokenTtlSeconds?: number;
  /**
   * ms after creation at which an order becomes confirmed, shipped and delivered (default
   * [5000, 30000, 120000]); integers ≥ 0, not decreasing. Invalid values throw a RangeError.
   */
  orderProgressMs?: OrderProgressMs;
  /** One log line per request on stdout (default true). */
  log?: boolean;
  /** Clock for warranty status, token expiry, order timestamps and order progress. */
  now?: () => Date;
  /** Random source for fault `rate` (default Math.random). */
  random?: () => number;
}

/** A running (or runnable) mock ERP. */
export interface ErpServer {
  /** Starts listening; port 0 picks a free port. Host defaults to loopback. */
  listen(port: number, host?: string): Promise<{ url: string; port: number }>;
  /** Stops the server, destroying open and hanging connections, so it never blocks. */
  close(): Promise<void>;
  /** Issued OAuth tokens; routes that need a bearer token check `tokens.isValid`. */
  tokens: TokenStore;
}

function parseLatencyParam(query: URLSearchParams): number | undefined {
  const raw = query.get("latency");
  if (raw === null) return undefined;
  if (!/^\d{1,6}$/.test(raw) || Number(raw) > MAX_LATENCY_MS) {
    throw new HttpError(
      400,
      "INVALID_LATENCY",
      `Invalid latency "${raw}": use an integer number of milliseconds from 0 to ${MAX_LATENCY_MS}.`,
    );
  }
  return Number(raw);
}

function validateParams(route: RouteDefinition, params: Readonly<Record<string, string>>): void {
  for (const [name, rule] of Object.entries(route.params ?? {})) {
    const value = params[name] ?? "";
    if (!rule.pattern.test(value)) {
      throw new HttpError(400, rule.code, `Invalid ${rule.label} "${value}": expected ${rule.expected}.`);
    }
  }
}

function hasApiKey(req: IncomingMessage, apiKey: string): boolean {
  const given = req.headers["x-api-key"];
  return typeof given === "string" && safeEqual(given, apiKey);
}

function hasValidBearer(req: IncomingMessage, tokens: TokenStore): boolean {
  const match = /^Bearer\s+(\S+)\s*$/i.exec(req.headers.authorization ?? "");
  return match?.[1] !== undefined && tokens.isValid(match[1]);
}

const invalidToken = (): HttpError =>
  new HttpError(401, "INVALID_TOKEN", "The access token is missing, unknown or expired.", {
    "www-authenticate": "Bearer",
  });

/** Throws 401 unless the request carries the credentials the route asks for. */
function checkAuth(auth: ErpAuth, req: IncomingMessage, state: ErpState): void {
  switch (auth) {
    case "none":
      return;
    case "api-key":
      if (!hasApiKey(req, state.config.apiKey)) {
        throw new HttpError(401, "UNAUTHORIZED", "Missing or wrong API key.");
      }
      return;
    case "bearer":
      if (!hasValidBearer(req, state.tokens)) throw invalidToken();
      return;
    case "bearer-or-api-key":
      if (hasApiKey(req, state.config.apiKey) || hasValidBearer(req, state.tokens)) return;
      // A caller that tried a token learns about the token; otherwise about both options.
      if (req.headers.authorization !== undefined) throw invalidToken();
      throw new HttpError(
        401,
        "UNAUTHORIZED",
        "Missing or wrong API key; send x-api-key or a bearer access token.",
        { "www-authenticate": "Bearer" },
      );
  }
}

function resolveOrderProgress(value: OrderProgressMs | undefined): OrderProgressMs {
  if (value === undefined) return ERP_DEFAULTS.orderProgressMs;
  const parsed = orderProgressSchema("orderProgressMs").safeParse(value);
  if (!parsed.success) throw new RangeError(`Mock ERP: orderProgressMs must be ${ORDER_PROGRESS_EXPECTED}.`);
  return parsed.data;
}

/** Per-request facts the log line needs. */
interface RequestTrace {
  fault: Fault | undefined;
}

/** Creates the mock ERP HTTP server (not yet listening). */
export function createErpServer(options: ErpServerOptions = {}): ErpServer {
  const now = options.now ?? (() => new Date());
  const log = options.log ?? true;
  const tokens = createTokenStore(now);
  const faults = createFaultStore(options.random);
  const stats = createStats();
  const orders = createOrderStore();
  const state: ErpState = {
    config: {
      clientId: options.clientId ?? ERP_DEFAULTS.clientId,
      clientSecret: options.clientSecret ?? ERP_DEFAULTS.clientSecret,
      apiKey: options.apiKey ?? ERP_DEFAULTS.apiKey,
      tokenTtlSeconds: options.tokenTtlSeconds ?? ERP_DEFAULTS.tokenTtlSeconds,
      orderProgressMs: resolveOrderProgress(options.orderProgressMs),
      defaultLatencyMs: options.defaultLatencyMs,
    },
    now,
    tokens,
    faults,
    stats,
    orders,
    faultableRoutes: routes.filter((route) => route.kind === "erp").map(routeKey),
    reset() {
      tokens.clear();
      faults.clear();
      stats.reset();
      orders.clear();
    },
  };

  /** Latency, faults and authentication in the order a remote server would show them. */
  async function serveErpRoute(
    route: ErpRoute,
    req: IncomingMessage,
    res: ServerResponse,
    url: URL,
    signal: AbortSignal,
    trace: RequestTrace,
  ): Promise<boolean> {
    const queryLatency = parseLatencyParam(url.searchParams);
    const plan = faults.plan(routeKey(route));
    trace.fault = plan.action;
    const waitMs = plan.latencyMs ?? queryLatency ?? state.config.defaultLatencyMs ?? route.defaultLatencyMs;
    if (!(await delay(waitMs, signal))) return false; // client went away; its timer is already cleared
    if (plan.action) {
      applyFaultAction(plan.action, res);
      return false;
    }
    // Auth after the latency: a real remote server also takes its time before saying 401.
    checkAuth(route.auth, req, state);
    return true;
  }

  async function handle(
    req: IncomingMessage,
    res: ServerResponse,
    signal: AbortSignal,
    trace: RequestTrace,
  ): Promise<void> {
    const url = new URL(req.url ?? "/", "http://erp.invalid");
    const method = req.method ?? "GET";
    const isAdmin = isAdminPath(url.pathname);
    // Before matching: a refused page learns nothing, not even which admin paths exist, and a CORS
    // preflight (OPTIONS) gets a 403 without any Access-Control-Allow-* header.
    if (isAdmin) assertSameOriginCaller(req.headers);
    const match = matchRoute(routes, method, url.pathname);
    if (match.kind === "not-found") {
      throw new HttpError(404, "NOT_FOUND", `No route matches ${method} ${url.pathname}.`);
    }
    if (match.kind === "method-not-allowed") {
      const allowed = match.allowed.join(", ");
      throw new HttpError(
        405,
        "METHOD_NOT_ALLOWED",
        `Method ${method} is not allowed on ${url.pathname}; use ${allowed}.`,
        { allow: allowed },
      );
    }
    const { route, params } = match;
    if (route.kind === "erp") stats.countRequest(routeKey(route));
    const raw = await readBody(req);
    if (route.kind === "erp" && !(await serveErpRoute(route, req, res, url, signal, trace))) return;
    validateParams(route, params);
    const contentType = req.headers["content-type"];
    const body = isAdmin
      ? parseAdminBody(raw, contentType)
      : parseBody(raw, contentType, route.acceptsForm ?? false);
    const result = await route.handle({ params, query: url.searchParams, headers: req.headers, body, state });
    sendJson(res, result.status, result.body, result.headers);
  }

  const server = createServer((req, res) => {
    const started = performance.now();
    const aborter = new AbortController();
    const trace: RequestTrace = { fault: undefined };
    // "close" also fires after a normal finish; aborting then is a harmless no-op.
    res.once("close", () => {
      aborter.abort();
      if (!log) return;
      const outcome = res.writableFinished ? String(res.statusCode) : "no answer (connection closed)";
      const fault = trace.fault ? ` [fault ${trace.fault.id}: ${trace.fault.mode}]` : "";
      console.log(
        `ERP ${req.method ?? "?"} ${req.url ?? "/"} -> ${outcome} in ${Math.round(performance.now() - started)} ms${fault}`,
      );
    });
    handle(req, res, aborter.signal, trace).catch((error: unknown) => {
      if (res.headersSent || res.destroyed) return; // nobody left to tell
      if (error instanceof HttpError) {
        sendJson(res, error.status, error.toBody(), error.headers);
        return;
      }
      console.error("Mock ERP: unexpected error", error);
      sendJson(res, 500, { error: { code: "INTERNAL_ERROR", message: "The mock ERP failed unexpectedly." } });
    });
  });

  // Idle kept-alive sockets stay open longer than clients keep them (undici: 10 s at most), as
  // behind a load balancer: a client must never reuse a socket the server is just closing, which
  // under load would reach the desk as a connection reset (2001). Node's default is 5 s.
  // (So after a burst of N requests, N idle sockets, N file descriptors, stay open for 65 s.)
  server.keepAliveTimeout = 65_000;
  // Nothing here may cut a request that waits out a long latency or a hang fault, whatever the
  // number in flight (10,000 concurrent requests are tested). Node 20's defaults already hold; they
  // are set explicitly so a change of default cannot break that silently:
  // - no cap on connections (`maxConnections` unset) or on requests per kept-alive socket;
  // - no socket inactivity timeout (`timeout` 0): a request waiting 130 s sends and receives nothing;
  // - `requestTimeout` and `headersTimeout` only bound the time to *receive* the request (they stop
  //   once it is read, before the latency starts), so a slow answer never trips them.
  server.maxRequestsPerSocket = 0;
  server.timeout = 0;
  server.requestTimeout = 300_000;
  server.headersTimeout = 60_000;

  return {
    tokens,
    listen(port, host = ERP_DEFAULTS.host) {
      return new Promise((resolve, reject) => {
        server.once("error", reject);
        server.listen({ port, host, backlog: LISTEN_BACKLOG }, () => {
          server.off("error", reject);
          const address = server.address();
          if (address === null || typeof address === "string") {
            reject(new Error("Mock ERP is not listening on a TCP port."));
            return;
          }
          const shownHost = address.family === "IPv6" ? `[${address.address}]` : address.address;
          resolve({ url: `http://${shownHost}:${address.port}`, port: address.port });
        });
      });
    },
    close() {
      return new Promise((resolve, reject) => {
        if (!server.listening) {
          resolve();
          return;
        }
        server.close((error) => (error ? reject(error) : resolve()));
        // Hanging and keep-alive sockets would otherwise hold close() open indefinitely.
        server.closeAllConnections();
      });
    },
  };
}
