import type { Server } from "node:http";
import type { AddressInfo } from "node:net";
import vm from "node:vm";
import { afterEach, describe, expect, it } from "vitest";
import { formatDate } from "@/lib/format";
import { catalogue } from "@/mock-services/erp/catalogue";
import { productId } from "@/prisma/seed";
import { FORMAT_DATE_SCRIPT } from "./components";
import { HOST_PRODUCTS } from "./page";
import { createHostServer } from "./server";

const APP_ORIGIN = "http://127.0.0.1:3999";

const servers: Server[] = [];
afterEach(async () => {
  await Promise.all(
    servers.splice(0).map(
      (server) =>
        new Promise<void>((resolve) => {
          server.closeAllConnections();
          server.close(() => resolve());
        }),
    ),
  );
});

/** Serves the demo host for `appOrigin` on a free loopback port; returns its base URL. */
async function serve(appOrigin: string): Promise<string> {
  const server = createHostServer({ appOrigin });
  servers.push(server);
  await new Promise<void>((resolve, reject) => {
    server.once("error", reject);
    server.listen(0, "127.0.0.1", resolve);
  });
  return `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
}

/** The bodies of the page's inline scripts. */
const inlineScripts = (html: string) =>
  [...html.matchAll(/<script>([\s\S]*?)<\/script>/g)].map((match) => match[1] ?? "");

describe("the demo host", () => {
  it("serves the service console at /, loading the host library from the app", async () => {
    const response = await fetch(`${await serve(APP_ORIGIN)}/`);
    expect(response.status).toBe(200);
    expect(response.headers.get("content-type")).toBe("text/html; charset=utf-8");
    expect(response.headers.get("cache-control")).toBe("no-store");
    const html = await response.text();

    expect(html).toContain(`<script src="${APP_ORIGIN}/embed/continuation-proxy.js"></script>`);
    // The library loads before the panel and the two components, each in a script of its own.
    const libraryAt = html.indexOf("/embed/continuation-proxy.js");
    const scripts = inlineScripts(html);
    expect(scripts).toHaveLength(3);
    expect(html.indexOf("<script>")).toBeGreaterThan(libraryAt);
    for (const script of scripts) {
      expect(script).toContain(`createContinuationProxy({ appOrigin`);
      expect(script).toContain(`const appOrigin = "${APP_ORIGIN}";`);
      expect(() => new vm.Script(script)).not.toThrow();
    }
    // Only the first call names the container: the components share the frame it mounts there.
    expect(scripts.filter((script) => script.includes("container })"))).toHaveLength(1);

    for (const label of ["Product", "Quantity", "Customer reference"]) {
      expect(html).toMatch(new RegExp(`<label for="[a-z-]+">${label}</label>`));
    }
    for (const id of ["warranty-product", "order-product", "order-quantity", "order-reference"]) {
      expect(html).toContain(`<label for="${id}">`);
      expect(html).toContain(`id="${id}"`);
    }
    expect(html).toContain(`>Get warranty</button>`);
    expect(html).toContain(`>Create order</button>`);
    expect(html).toContain(`<section id="warranty-lookup" class="card" aria-labelledby="warranty-heading">`);
    expect(html).toContain(`<section id="order-form-card" class="card" aria-labelledby="order-heading">`);
    expect(html).toContain(`<div id="desk-frame" class="desk-frame"></div>`);
    expect(html).toContain(`<option value="wd-drill-18v" selected>Cordless Drill 18V</option>`);
  });

  it("answers HEAD / like GET, without a body", async () => {
    const response = await fetch(`${await serve(APP_ORIGIN)}/`, { method: "HEAD" });
    expect(response.status).toBe(200);
    expect(Number(response.headers.get("content-length"))).toBeGreaterThan(1000);
    expect(await response.text()).toBe("");
  });

  it("answers 404 for any other path and 405 for any other method", async () => {
    const base = await serve(APP_ORIGIN);
    for (const path of ["/index.html", "/favicon.ico", "/embed/continuation-proxy.js", "//evil.example/"]) {
      const response = await fetch(`${base}${path}`);
      expect(response.status, path).toBe(404);
      expect(await response.text()).not.toContain("<script");
    }
    for (const method of ["POST", "PUT", "DELETE"]) {
      const response = await fetch(`${base}/`, { method });
      expect(response.status, method).toBe(405);
      expect(response.headers.get("allow")).toBe("GET, HEAD");
    }
  });

  it("escapes the app origin: a quote or </script> in it cannot break out", async () => {
    const hostile = `http://x"><img src=y onerror=alert(1)>'</script><script>alert(2)</script>\u2028`;
    const html = await (await fetch(`${await serve(hostile)}/`)).text();

    expect(html).not.toContain("<img");
    expect(html).not.toContain("alert(2)</script>");
    expect(html).toContain(
      `<script src="http://x&quot;&gt;&lt;img src=y onerror=alert(1)&gt;&#39;&lt;/script&gt;&lt;script&gt;alert(2)&lt;/script&gt;\u2028/embed/continuation-proxy.js"></script>`,
    );
    // Still exactly the page's own scripts, each valid JavaScript holding the origin as one string.
    const scripts = inlineScripts(html);
    expect(scripts).toHaveLength(3);
    for (const script of scripts) {
      expect(() => new vm.Script(script)).not.toThrow();
      const literal = /const appOrigin = (".*?(?<!\\)");/.exec(script)?.[1];
      expect(literal && (JSON.parse(literal) as string)).toBe(hostile);
    }
  });

  it("offers the desk's products, by the ids the seed gives them", () => {
    expect(HOST_PRODUCTS).toEqual(catalogue.map((item) => ({ id: productId(item.sku), name: item.name })));
  });

  it("writes dates as the desk does", () => {
    const pageFormatDate = new vm.Script(`(${FORMAT_DATE_SCRIPT})`).runInNewContext() as (
      date: string,
    ) => string;
    const dates = catalogue.flatMap((item) =>
      item.warranty ? [item.warranty.startDate, item.warranty.endDate] : [],
    );
    expect(dates.length).toBeGreaterThan(10);
    for (const date of [...dates, "2029-06-30", "2024-01-01", "2025-12-31T00:00:00Z"]) {
      expect(pageFormatDate(date)).toBe(formatDate(date));
    }
    expect(pageFormatDate("2029-06-30")).toBe("30 Jun 2029");
  });
});
