import { timingSafeEqual } from "node:crypto";
import { findBySerial, findBySku } from "./catalogue";
import type { CatalogueItem } from "./catalogue";
import { extensionOffersFor, inventoryFor, pricingFor, trackingFor } from "./dashboard";
import { HttpError } from "./errors";
import type { ParsedBody } from "./http-io";
import { orderStatusAt } from "./orders";
import { placeOrder } from "./place-order";
import type { ParamRule, RouteContext, RouteDefinition } from "./router";
import { adminRoutes } from "./admin-routes";

/** SKUs and serials: 3-40 characters, uppercase letters, digits and dashes, no leading dash. */
export const IDENTIFIER_PATTERN = /^[A-Z0-9][A-Z0-9-]{2,39}$/;

const IDENTIFIER_EXPECTED = "3 to 40 uppercase letters, digits or dashes, not starting with a dash";
const skuParam: ParamRule = {
  pattern: IDENTIFIER_PATTERN,
  code: "INVALID_SKU",
  label: "SKU",
  expected: IDENTIFIER_EXPECTED,
};
const serialParam: ParamRule = {
  pattern: IDENTIFIER_PATTERN,
  code: "INVALID_SERIAL",
  label: "serial",
  expected: IDENTIFIER_EXPECTED,
};

const orderNumberParam: ParamRule = {
  pattern: /^SO-\d{6}$/,
  code: "INVALID_ORDER_NUMBER",
  label: "order number",
  expected: '"SO-" followed by 6 digits',
};

/** Compares secrets in constant time so the mock does not model a timing leak. */
export function safeEqual(actual: string, expected: string): boolean {
  const a = Buffer.from(actual);
  const b = Buffer.from(expected);
  return a.length === b.length && timingSafeEqual(a, b);
}

interface ClientCredentialsRequest {
  grantType: string | undefined;
  clientId: string | undefined;
  clientSecret: string | undefined;
}

function bodyField(body: ParsedBody, name: string): string | undefined {
  if (body.kind === "form") return body.value.get(name) ?? undefined;
  if (body.kind === "json" && typeof body.value === "object" && body.value !== null) {
    const value: unknown = (body.value as Record<string, unknown>)[name];
    return typeof value === "string" ? value : undefined;
  }
  return undefined;
}

// RFC 6749 §2.3.1: Basic credentials are form-encoded before base64, so "+" means a space.
const formDecode = (value: string): string => {
  try {
    return decodeURIComponent(value.replace(/\+/g, " "));
  } catch {
    return value;
  }
};

function readClientCredentials(ctx: RouteContext): ClientCredentialsRequest {
  const request: ClientCredentialsRequest = {
    grantType: bodyField(ctx.body, "grant_type"),
    clientId: bodyField(ctx.body, "client_id"),
    clientSecret: bodyField(ctx.body, "client_secret"),
  };
  const match = /^Basic\s+(\S+)\s*$/i.exec(ctx.headers.authorization ?? "");
  if (match?.[1]) {
    // HTTP Basic wins over body fields, as it does for most OAuth servers.
    const decoded = Buffer.from(match[1], "base64").toString("utf8");
    const colon = decoded.indexOf(":");
    if (colon >= 0) {
      request.clientId = formDecode(decoded.slice(0, colon));
      request.clientSecret = formDecode(decoded.slice(colon + 1));
    }
  }
  return request;
}

/** Looks up a SKU path parameter, or throws 404 PRODUCT_NOT_FOUND. */
function requireProduct(sku: string | undefined): CatalogueItem {
  const item = findBySku(sku ?? "");
  if (!item) throw new HttpError(404, "PRODUCT_NOT_FOUND", `No product is registered for SKU ${sku ?? ""}.`);
  return item;
}

/** Looks up a serial path parameter with a registered warranty, or throws 404 WARRANTY_NOT_FOUND. */
function requireWarranty(serial: string | undefined): CatalogueItem {
  const item = findBySerial(serial ?? "");
  if (!item?.warranty) {
    throw new HttpError(404, "WARRANTY_NOT_FOUND", `No warranty is registered for serial ${serial ?? ""}.`);
  }
  return item;
}

/** Today's date (UTC) as YYYY-MM-DD, comparable with catalogue dates as strings. */
const isoDate = (date: Date): string => date.toISOString().slice(0, 10);

/** Routes of the simulated ERP plus the mock's own health route. */
export const erpRoutes: readonly RouteDefinition[] = [
  {
    kind: "control",
    method: "GET",
    path: "/health",
    handle: () => ({ status: 200, body: { status: "ok" } }),
  },
  {
    kind: "erp",
    method: "POST",
    path: "/oauth/token",
    defaultLatencyMs: 1000,
    auth: "none",
    acceptsForm: true,
    handle: (ctx) => {
      const { grantType, clientId, clientSecret } = readClientCredentials(ctx);
      if (grantType === undefined) {
        throw new HttpError(400, "invalid_request", "grant_type is required; use client_credentials.");
      }
      if (grantType !== "client_credentials") {
        throw new HttpError(
          400,
          "unsupported_grant_type",
          `Grant type "${grantType}" is not supported; use client_credentials.`,
        );
      }
      const { config } = ctx.state;
      if (
        clientId === undefined ||
        clientSecret === undefined ||
        !safeEqual(clientId, config.clientId) ||
        !safeEqual(clientSecret, config.clientSecret)
      ) {
        throw new HttpError(401, "invalid_client", "Client authentication failed.", {
          "www-authenticate": 'Basic realm="erp"',
        });
      }
      return {
        status: 200,
        headers: { "cache-control": "no-store" },
        body: {
          access_token: ctx.state.tokens.issue(config.tokenTtlSeconds),
          token_type: "Bearer",
          expires_in: config.tokenTtlSeconds,
        },
      };
    },
  },
  {
    kind: "erp",
    method: "GET",
    path: "/products/:sku",
    defaultLatencyMs: 1000,
    auth: "api-key",
    params: { sku: skuParam },
    handle: ({ params }) => {
      const item = requireProduct(params.sku);
      return { status: 200, body: { sku: item.sku, name: item.name, listPrice: item.listPrice } };
    },
  },
  {
    kind: "erp",
    method: "GET",
    path: "/warranty/:serial",
    defaultLatencyMs: 2000,
    auth: "api-key",
    params: { serial: serialParam },
    handle: ({ params, state }) => {
      const serial = params.serial ?? "";
      const item = findBySerial(serial);
      if (!item?.warranty)
        throw new HttpError(404, "WARRANTY_NOT_FOUND", `No warranty is registered for serial ${serial}.`);
      const { startDate, endDate } = item.warranty;
      const status = isoDate(state.now()) <= endDate ? "active" : "expired"; // end date inclusive
      return { status: 200, body: { serial: item.serial, sku: item.sku, status, startDate, endDate } };
    },
  },
  {
    kind: "erp",
    method: "GET",
    path: "/warranty/:serial/extension",
    defaultLatencyMs: 1500,
    auth: "api-key",
    params: { serial: serialParam },
    handle: ({ params }) => {
      const item = requireWarranty(params.serial);
      return { status: 200, body: { serial: item.serial, offers: extensionOffersFor(item) } };
    },
  },
  {
    kind: "erp",
    method: "POST",
    path: "/orders",
    defaultLatencyMs: 1500,
    auth: "bearer",
    handle: placeOrder,
  },
  {
    kind: "erp",
    method: "GET",
    path: "/orders/:number/status",
    defaultLatencyMs: 1000,
    auth: "bearer-or-api-key",
    params: { number: orderNumberParam },
    handle: ({ params, state }) => {
      const orderNumber = params.number ?? "";
      const order = state.orders.get(orderNumber);
      if (!order) throw new HttpError(404, "ORDER_NOT_FOUND", `No order ${orderNumber} exists.`);
      const { status, updatedAt } = orderStatusAt(order, state.now(), state.config.orderProgressMs);
      return { status: 200, body: { orderNumber, status, updatedAt: updatedAt.toISOString() } };
    },
  },
  {
    kind: "erp",
    method: "GET",
    path: "/inventory/:sku",
    defaultLatencyMs: 1000,
    auth: "api-key",
    params: { sku: skuParam },
    handle: ({ params }) => ({ status: 200, body: inventoryFor(requireProduct(params.sku)) }),
  },
  {
    kind: "erp",
    method: "GET",
    path: "/pricing/:sku",
    defaultLatencyMs: 1500,
    auth: "api-key",
    params: { sku: skuParam },
    handle: ({ params }) => ({ status: 200, body: pricingFor(requireProduct(params.sku)) }),
  },
  {
    kind: "erp",
    method: "GET",
    path: "/tracking/:sku",
    defaultLatencyMs: 2000,
    auth: "api-key",
    params: { sku: skuParam },
    handle: ({ params, state }) => ({
      status: 200,
      body: trackingFor(requireProduct(params.sku), state.now()),
    }),
  },
];

/** The prefix under which every ERP route is served a second time, for the desk's lab. */
export const LAB_PREFIX = "/lab";

/**
 * Every simulated ERP route again under `/lab` (e.g. `GET /lab/warranty/:serial`): the same
 * answers, but route keys of their own, so a fault or a count for the lab's traffic never touches
 * the desk's (and a fault on `GET /warranty/:serial` never touches the lab's). `"*"` still means both.
 */
export const labRoutes: readonly RouteDefinition[] = erpRoutes
  .filter((route) => route.kind === "erp")
  .map((route) => ({ ...route, path: `${LAB_PREFIX}${route.path}` }));

/**
 * The full route table. To add a route, append a definition: its `${method} ${path}` key is
 * picked up by stats and by fault validation automatically (and served under `/lab` too). Put
 * literal paths before parameterised ones that could shadow them (first match wins).
 */
export const routes: readonly RouteDefinition[] = [...erpRoutes, ...labRoutes, ...adminRoutes];
