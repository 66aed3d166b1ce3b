import type { IncomingHttpHeaders } from "node:http";
import type { ParsedBody } from "./http-io";
import type { FaultStore } from "./faults";
import type { OrderProgressMs, OrderStore } from "./orders";
import type { ErpStats } from "./stats";
import type { TokenStore } from "./tokens";

/** HTTP methods used by the route table. */
export type HttpMethod = "GET" | "POST" | "PUT" | "PATCH" | "DELETE";

/** Settings shared by every request of one server. */
export interface ErpConfig {
  clientId: string;
  clientSecret: string;
  apiKey: string;
  tokenTtlSeconds: number;
  /** Milliseconds after creation at which an order becomes confirmed, shipped, delivered. */
  orderProgressMs: OrderProgressMs;
  /** When set, replaces every route's own default latency. */
  defaultLatencyMs: number | undefined;
}

/** Everything that lives as long as one server; reset by `POST /__admin/reset`. */
export interface ErpState {
  config: ErpConfig;
  now: () => Date;
  tokens: TokenStore;
  faults: FaultStore;
  stats: ErpStats;
  orders: OrderStore;
  /** Route pattern keys that faults can target (the simulated ERP routes). */
  faultableRoutes: readonly string[];
  reset(): void;
}

/** What a handler sees of one request. */
export interface RouteContext {
  /** Path parameters, already validated against the route's `params` rules. */
  params: Readonly<Record<string, string>>;
  query: URLSearchParams;
  headers: IncomingHttpHeaders;
  body: ParsedBody;
  state: ErpState;
}

/** A successful answer; errors are thrown as HttpError. */
export interface RouteResult {
  status: number;
  body: unknown;
  headers?: Record<string, string>;
}

/** Validation rule for one path parameter. */
export interface ParamRule {
  pattern: RegExp;
  /** Error code when the value does not match, e.g. INVALID_SERIAL. */
  code: string;
  /** Noun used in the error message, e.g. "serial". */
  label: string;
  /** What a valid value looks like, for the error message. */
  expected: string;
}

interface RouteBase {
  method: HttpMethod;
  /** Path pattern with `:name` segments, e.g. "/warranty/:serial". */
  path: string;
  params?: Readonly<Record<string, ParamRule>>;
  /**
   * Also accept application/x-www-form-urlencoded bodies (OAuth). Other ERP routes read every body
   * as JSON whatever its content type; the admin API insists on application/json (admin-guard.ts).
   */
  acceptsForm?: boolean;
  handle(ctx: RouteContext): RouteResult | Promise<RouteResult>;
}

/** How an ERP route authenticates its caller. */
export type ErpAuth = "api-key" | "bearer" | "bearer-or-api-key" | "none";

/** A route of the simulated remote ERP: it gets latency, faults and request counting. */
export interface ErpRoute extends RouteBase {
  kind: "erp";
  defaultLatencyMs: number;
  /**
   * Checked after the latency and faults, like a remote server. "api-key": the `x-api-key` header;
   * "bearer": an unexpired token from `POST /oauth/token`; "bearer-or-api-key": either of them.
   */
  auth: ErpAuth;
}

/** A route of the mock itself (health, admin): answered at once, never faulted or counted. */
export interface ControlRoute extends RouteBase {
  kind: "control";
}

/** One entry of the route table. */
export type RouteDefinition = ErpRoute | ControlRoute;

/** The stable key of a route, e.g. "GET /warranty/:serial"; used by stats and faults. */
export function routeKey(route: RouteDefinition): string {
  return `${route.method} ${route.path}`;
}

/** Result of matching a request against the route table. */
export type RouteMatch =
  | { kind: "found"; route: RouteDefinition; params: Record<string, string> }
  | { kind: "method-not-allowed"; allowed: HttpMethod[] }
  | { kind: "not-found" };

const splitPath = (path: string): string[] => path.split("/").slice(1);

// Undecodable escapes stay raw; the parameter rule then rejects them with a 400.
const decodeSegment = (segment: string): string => {
  try {
    return decodeURIComponent(segment);
  } catch {
    return segment;
  }
};

function matchPath(pattern: string, pathname: string): Record<string, string> | undefined {
  const expected = splitPath(pattern);
  const actual = splitPath(pathname);
  if (expected.length !== actual.length) return undefined;
  const params: Record<string, string> = {};
  for (const [index, part] of expected.entries()) {
    const segment = actual[index] ?? "";
    if (part.startsWith(":")) {
      if (segment === "") return undefined;
      params[part.slice(1)] = decodeSegment(segment);
    } else if (part !== segment) {
      return undefined;
    }
  }
  return params;
}

/** Finds the route for a method and path; tells 404 (no such path) apart from 405 (wrong method). */
export function matchRoute(routes: readonly RouteDefinition[], method: string, pathname: string): RouteMatch {
  const allowed: HttpMethod[] = [];
  for (const route of routes) {
    const params = matchPath(route.path, pathname);
    if (!params) continue;
    if (route.method === method) return { kind: "found", route, params };
    allowed.push(route.method);
  }
  return allowed.length > 0 ? { kind: "method-not-allowed", allowed } : { kind: "not-found" };
}
