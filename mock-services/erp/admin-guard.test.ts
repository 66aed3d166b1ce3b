import type { IncomingHttpHeaders } from "node:http";
import { describe, expect, it } from "vitest";
import { assertSameOriginCaller, isAdminPath } from "./admin-guard";
import { adminRoutes } from "./admin-routes";
import { HttpError } from "./errors";
import { errorCode, setupTestErp, withKey } from "./test-support";
import type { ErrorJson } from "./test-support";

/** The error `assertSameOriginCaller` throws for these headers, or undefined when it lets them pass. */
function refusal(headers: IncomingHttpHeaders): HttpError | undefined {
  try {
    assertSameOriginCaller(headers);
    return undefined;
  } catch (error) {
    if (error instanceof HttpError) return error;
    throw error;
  }
}

describe("assertSameOriginCaller", () => {
  it.each<[string, IncomingHttpHeaders]>([
    ["neither Origin nor Sec-Fetch-Site (curl, Node's fetch)", { host: "127.0.0.1:4010" }],
    ["its own origin", { host: "127.0.0.1:4010", origin: "http://127.0.0.1:4010" }],
    ["its own origin by name", { host: "localhost:4010", origin: "http://localhost:4010" }],
    ["its own origin on IPv6", { host: "[::1]:4010", origin: "http://[::1]:4010" }],
    ["its own origin on the default port", { host: "localhost:80", origin: "http://localhost" }],
    [
      "Sec-Fetch-Site: same-origin with its own origin",
      { host: "127.0.0.1:4010", origin: "http://127.0.0.1:4010", "sec-fetch-site": "same-origin" },
    ],
    [
      "Sec-Fetch-Site: none (typed into the address bar)",
      { host: "127.0.0.1:4010", "sec-fetch-site": "none" },
    ],
  ])("lets pass %s", (_, headers) => {
    expect(refusal(headers)).toBeUndefined();
  });

  it.each<[string, IncomingHttpHeaders]>([
    ["another port of the same host", { host: "127.0.0.1:4010", origin: "http://127.0.0.1:3000" }],
    ["another name for the same address", { host: "127.0.0.1:4010", origin: "http://localhost:4010" }],
    ["https on the same host and port", { host: "127.0.0.1:4010", origin: "https://127.0.0.1:4010" }],
    ["another host", { host: "127.0.0.1:4010", origin: "http://attacker.example" }],
    ["Origin: null (sandboxed frame, file://)", { host: "127.0.0.1:4010", origin: "null" }],
    ["an Origin without a Host", { origin: "http://127.0.0.1:4010" }],
    ["Sec-Fetch-Site: cross-site", { host: "127.0.0.1:4010", "sec-fetch-site": "cross-site" }],
    ["Sec-Fetch-Site: same-site", { host: "127.0.0.1:4010", "sec-fetch-site": "same-site" }],
    [
      "Sec-Fetch-Site: same-site even with its own Origin",
      { host: "127.0.0.1:4010", origin: "http://127.0.0.1:4010", "sec-fetch-site": "same-site" },
    ],
    ["a repeated Sec-Fetch-Site", { host: "127.0.0.1:4010", "sec-fetch-site": "same-origin, cross-site" }],
    ["an unknown Sec-Fetch-Site", { host: "127.0.0.1:4010", "sec-fetch-site": "same-planet" }],
  ])("refuses %s with 403", (_, headers) => {
    const error = refusal(headers);
    expect(error?.status).toBe(403);
    expect(error?.code).toBe("CROSS_ORIGIN_REFUSED");
  });

  it("names the refused origin and the ERP's own in its message", () => {
    expect(refusal({ host: "127.0.0.1:4010", origin: "http://localhost:3000" })?.message).toBe(
      "The mock ERP's admin API refuses requests from web pages of another origin " +
        "(Origin: http://localhost:3000; its own is http://127.0.0.1:4010). " +
        "Call it from curl, a test or a server, which send no such header.",
    );
  });
});

describe("the admin API's path", () => {
  it("covers every admin route, so none escapes the guard", () => {
    expect(adminRoutes.length).toBeGreaterThan(0);
    for (const route of adminRoutes) expect(isAdminPath(route.path), route.path).toBe(true);
  });

  it("does not cover the health check or the simulated ERP routes", () => {
    expect(["/health", "/orders", "/products/WD-DRILL-18V", "/__adminx"].filter(isAdminPath)).toEqual([]);
  });
});

const erp = setupTestErp();

const ATTACKER = "http://attacker.example";
const asJson = { "content-type": "application/json" };
const FAULT = JSON.stringify({ route: "*", mode: "status", status: 503 });

const faultIds = async (): Promise<string[]> =>
  ((await (await erp.admin("GET", "/__admin/faults")).json()) as { faults: { id: string }[] }).faults.map(
    (f) => f.id,
  );

/** An origin on the ERP's host but another port: a dev server or the desk itself. */
const siblingOrigin = (): string => {
  const url = new URL(erp.base);
  url.port = url.port === "3000" ? "3001" : "3000";
  return url.origin;
};

const accessControlHeaders = (res: Response): string[] =>
  [...res.headers.keys()].filter((name) => name.startsWith("access-control-"));

async function expectRefused(res: Response): Promise<void> {
  expect(res.status).toBe(403);
  expect(await errorCode(res)).toBe("CROSS_ORIGIN_REFUSED");
}

describe("the admin API refuses web pages of another origin", () => {
  it("answers a cross-origin text/plain POST with 403 and adds no fault", async () => {
    const kept = await erp.addFault({ route: "GET /products/:sku", mode: "hang" });
    const res = await erp.fetch("/__admin/faults", {
      method: "POST",
      headers: { origin: ATTACKER, "content-type": "text/plain" },
      body: FAULT,
    });
    expect(res.status).toBe(403);
    const { error } = (await res.json()) as ErrorJson;
    expect(error.code).toBe("CROSS_ORIGIN_REFUSED");
    expect(error.message).toContain(`Origin: ${ATTACKER}; its own is ${erp.base}`);
    expect(await faultIds()).toEqual([kept]);
  });

  it("answers a cross-origin reset with 403 and resets nothing", async () => {
    const kept = await erp.addFault({ route: "GET /warranty/:serial", mode: "hang" });
    expect((await erp.fetch("/products/WD-DRILL-18V", { headers: withKey })).status).toBe(200);
    await expectRefused(await erp.fetch("/__admin/reset", { method: "POST", headers: { origin: ATTACKER } }));
    expect(await faultIds()).toEqual([kept]);
    expect((await erp.stats()).requests).toEqual({ "GET /products/:sku": 1 });
  });

  it("refuses a page on another port of the ERP's host, which the browser calls same-site", async () => {
    const kept = await erp.addFault({ route: "*", mode: "hang" });
    const sibling = siblingOrigin();
    await expectRefused(
      await erp.fetch("/__admin/faults", { method: "DELETE", headers: { origin: sibling } }),
    );
    await expectRefused(
      await erp.fetch(`/__admin/faults/${kept}`, {
        method: "DELETE",
        headers: { origin: sibling, "sec-fetch-site": "same-site" },
      }),
    );
    await expectRefused(
      await erp.fetch("/__admin/faults", { method: "DELETE", headers: { "sec-fetch-site": "same-site" } }),
    );
    expect(await faultIds()).toEqual([kept]);
  });

  it("refuses Sec-Fetch-Site: cross-site even without an Origin", async () => {
    const kept = await erp.addFault({ route: "*", mode: "hang" });
    const crossSite = { "sec-fetch-site": "cross-site" };
    await expectRefused(await erp.fetch("/__admin/stats", { headers: crossSite }));
    await expectRefused(await erp.fetch("/__admin/reset", { method: "POST", headers: crossSite }));
    expect(await faultIds()).toEqual([kept]);
  });

  it("refuses Origin: null", async () => {
    await expectRefused(
      await erp.fetch("/__admin/faults", {
        method: "POST",
        headers: { origin: "null", ...asJson },
        body: FAULT,
      }),
    );
    expect(await faultIds()).toEqual([]);
  });

  it("serves a request from the ERP's own origin", async () => {
    const ownOrigin = { origin: erp.base, "sec-fetch-site": "same-origin" };
    const res = await erp.fetch("/__admin/faults", {
      method: "POST",
      headers: { ...ownOrigin, ...asJson },
      body: FAULT,
    });
    expect(res.status).toBe(201);
    const { id } = (await res.json()) as { id: string };
    expect(await faultIds()).toEqual([id]);
    expect((await erp.fetch("/__admin/reset", { method: "POST", headers: ownOrigin })).status).toBe(200);
    expect(await faultIds()).toEqual([]);
  });

  it("serves a request without an Origin, as curl and the tests send it", async () => {
    const res = await erp.fetch("/__admin/faults", { method: "POST", headers: asJson, body: FAULT });
    expect(res.status).toBe(201);
    expect(await faultIds()).toHaveLength(1);
    expect((await erp.fetch("/__admin/reset", { method: "POST" })).status).toBe(200);
    expect(await faultIds()).toEqual([]);
  });

  it("grants no CORS preflight and sends no Access-Control header", async () => {
    const preflight = {
      origin: ATTACKER,
      "access-control-request-method": "POST",
      "access-control-request-headers": "content-type",
    };
    const foreign = await erp.fetch("/__admin/faults", { method: "OPTIONS", headers: preflight });
    expect(accessControlHeaders(foreign)).toEqual([]);
    await expectRefused(foreign);

    const anonymous = await erp.fetch("/__admin/reset", { method: "OPTIONS" });
    expect(anonymous.status).toBe(405);
    expect(accessControlHeaders(anonymous)).toEqual([]);

    const served = await erp.fetch("/__admin/stats", { headers: { origin: erp.base } });
    expect(served.status).toBe(200);
    expect(accessControlHeaders(served)).toEqual([]);
  });
});

describe("admin request bodies must be JSON", () => {
  const rejectsBody = async (init: RequestInit, code: string, fragment: string): Promise<void> => {
    const res = await erp.fetch("/__admin/faults", { method: "POST", ...init });
    expect(res.status).toBe(400);
    const { error } = (await res.json()) as ErrorJson;
    expect(error.code).toBe(code);
    expect(error.message).toContain(fragment);
    expect(await faultIds()).toEqual([]);
  };

  it("refuses a text/plain body with 400 and adds no fault", async () => {
    // fetch sends a string body as text/plain;charset=UTF-8, like a page's simple request.
    await rejectsBody({ body: FAULT }, "UNSUPPORTED_CONTENT_TYPE", 'got "text/plain;charset=UTF-8"');
  });

  it("refuses a form body, as curl -d sends it, and says how to fix the call", async () => {
    await rejectsBody(
      { headers: { "content-type": "application/x-www-form-urlencoded" }, body: FAULT },
      "UNSUPPORTED_CONTENT_TYPE",
      "with curl, add -H 'content-type: application/json'",
    );
  });

  it("refuses a body without a content type", async () => {
    await rejectsBody(
      { body: new TextEncoder().encode(FAULT) },
      "UNSUPPORTED_CONTENT_TYPE",
      "none was given",
    );
  });

  it("refuses malformed JSON with 400 INVALID_JSON", async () => {
    await rejectsBody({ headers: asJson, body: '{"route": "*", ' }, "INVALID_JSON", "not valid JSON");
  });

  it("refuses a non-JSON body on reset and deletes, which then change nothing", async () => {
    const kept = await erp.addFault({ route: "*", mode: "hang" });
    const textBody = { headers: { "content-type": "text/plain" }, body: "{}" };
    for (const [method, path] of [
      ["POST", "/__admin/reset"],
      ["DELETE", "/__admin/faults"],
      ["DELETE", `/__admin/faults/${kept}`],
    ] as const) {
      const res = await erp.fetch(path, { method, ...textBody });
      expect(res.status, `${method} ${path}`).toBe(400);
      expect(await errorCode(res)).toBe("UNSUPPORTED_CONTENT_TYPE");
    }
    expect(await faultIds()).toEqual([kept]);
  });

  it("accepts application/json with parameters, and no body at all without a content type", async () => {
    const res = await erp.fetch("/__admin/faults", {
      method: "POST",
      headers: { "content-type": "Application/JSON; charset=utf-8" },
      body: FAULT,
    });
    expect(res.status).toBe(201);
    expect((await erp.fetch("/__admin/faults", { method: "DELETE" })).status).toBe(200);
    expect(await faultIds()).toEqual([]);
  });
});
