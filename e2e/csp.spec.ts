import type { ConsoleMessage, Page, Response } from "@playwright/test";
import { deskIsLive, expect, signIn, test } from "./fixtures";

// Every page of the desk under its Content-Security-Policy (proxy.ts, lib/http/security-headers.ts):
// the header is there with a fresh nonce, Next.js put that nonce on every script, the browser
// reported no violation, and the page still works. Signed in as bob, whose Electric Planer no other
// spec looks up.

type Watched = Window & { __cspViolations?: string[] };

/**
 * Collects, for the whole test, every CSP violation the page's documents report and every console
 * line about a policy (a CSP block, an unrecognised Permissions-Policy feature).
 */
async function watchPolicies(page: Page) {
  await page.addInitScript(() => {
    const seen: string[] = ((window as Watched).__cspViolations = []);
    document.addEventListener("securitypolicyviolation", (event) => {
      seen.push(
        `${event.violatedDirective} blocked ${event.blockedURI || "inline"} at ${event.sourceFile}:${event.lineNumber}`,
      );
    });
  });
  const consoleLines: string[] = [];
  page.on("console", (message: ConsoleMessage) => {
    if (/Content Security Policy|Permissions-Policy/i.test(message.text())) consoleLines.push(message.text());
  });
  return {
    /** The violations the current document reported so far. */
    violations: () => page.evaluate(() => (window as Watched).__cspViolations ?? []),
    /** Asserts that neither the current document nor the console saw any policy trouble. */
    async expectNone(where: string) {
      expect(await this.violations(), `CSP violations on ${where}`).toEqual([]);
      expect(consoleLines, `policy messages in the console up to ${where}`).toEqual([]);
    },
  };
}

/** The nonce of a page's CSP, after checking every directive the desk promises. */
function expectStrictPolicy(response: Response | null): string {
  expect(response, "the page answered").not.toBeNull();
  const headers = response!.headers();
  const policy = headers["content-security-policy"] ?? "";
  const directives = new Map(
    policy.split(";").map((part) => {
      const [name = "", ...values] = part.trim().split(/\s+/);
      return [name, values] as const;
    }),
  );
  const scripts = directives.get("script-src") ?? [];
  const nonce = scripts.find((value) => value.startsWith("'nonce-"))?.slice(7, -1);
  expect(nonce, `a nonce in "${policy}"`).toMatch(/^[A-Za-z0-9+/]{16,}={0,2}$/);
  expect(scripts).toContain("'strict-dynamic'");
  expect(scripts).not.toContain("'unsafe-inline'");
  expect(scripts).not.toContain("'unsafe-eval'");
  expect(directives.get("default-src")).toEqual(["'self'"]);
  expect(directives.get("object-src")).toEqual(["'none'"]);
  expect(directives.get("base-uri")).toEqual(["'none'"]);
  expect(directives.get("frame-ancestors")).toEqual(["'none'"]);
  expect(directives.get("form-action")).toEqual(["'self'"]);
  expect(directives.get("connect-src")).toEqual(["'self'"]);
  expect(directives.get("style-src")).toEqual(["'self'", `'nonce-${nonce}'`]);

  expect(headers["permissions-policy"]).toContain("camera=()");
  expect(headers["permissions-policy"]).toContain("microphone=()");
  expect(headers["permissions-policy"]).toContain("geolocation=()");
  expect(headers["cross-origin-opener-policy"]).toBe("same-origin");
  expect(headers["x-frame-options"]).toBe("DENY");
  expect(headers["x-content-type-options"]).toBe("nosniff");
  expect(headers["referrer-policy"]).toBe("same-origin");
  return nonce!;
}

/**
 * Asserts that every script tag in the page's HTML carries the response's nonce (Next.js applied
 * it). Scripts its runtime adds later carry none and need none: `'strict-dynamic'` trusts them.
 */
async function expectScriptsCarry(response: Response, nonce: string) {
  const tags = (await response.text()).match(/<script\b[^>]*>/g) ?? [];
  expect(tags.length, "the page has scripts").toBeGreaterThan(0);
  for (const tag of tags) expect(tag).toContain(` nonce="${nonce}"`);
}

/** Opens a desk page, checks its policy and scripts, and waits until its client code runs. */
async function openDeskPage(page: Page, path: string): Promise<string> {
  const live = deskIsLive(page);
  const response = await page.goto(path);
  const nonce = expectStrictPolicy(response);
  await live;
  await expectScriptsCarry(response!, nonce);
  return nonce;
}

test("A visitor signs in and uses every page of the desk without a CSP violation", async ({ page }) => {
  test.setTimeout(90_000);
  const policies = await watchPolicies(page);

  const signInPage = await page.goto("/sign-in");
  const signInNonce = expectStrictPolicy(signInPage);
  await expectScriptsCarry(signInPage!, signInNonce);
  await policies.expectNone("/sign-in");
  await signIn(page, "bob");
  await policies.expectNone("the desk after signing in");

  // The product list: a fresh nonce per response.
  const listNonce = await openDeskPage(page, "/");
  expect(listNonce).not.toBe(signInNonce);
  await expect(page.getByRole("heading", { name: "Products", level: 1 })).toBeVisible();
  await policies.expectNone("/");

  // A product page: a lookup and the dashboard both go through server actions and the event stream.
  await openDeskPage(page, "/products/wd-plane-82");
  await expect(page.getByRole("heading", { name: "Electric Planer 82mm", level: 1 })).toBeVisible();
  const warranty = page.getByRole("region", { name: "Warranty" });
  await warranty.getByRole("button", { name: /^(Get warranty|Check again) for / }).click();
  await expect(warranty.getByTestId("status")).toHaveText("No warranty found");
  const dashboard = page.getByRole("region", { name: "Dashboard" });
  await dashboard.getByRole("button", { name: /^(Load|Reload) dashboard$/ }).click();
  await expect(dashboard.getByTestId("status")).toBeVisible();
  await policies.expectNone("/products/wd-plane-82");

  await openDeskPage(page, "/orders");
  await expect(page.getByRole("heading", { name: "Orders", level: 1 })).toBeVisible();
  await policies.expectNone("/orders");

  // The lab: a short run, then its charts (recharts sizes its SVG with style attributes).
  await openDeskPage(page, "/lab");
  const form = page.getByRole("form", { name: "Run settings" });
  await form.getByRole("radio", { name: "Continuation" }).check();
  await form.getByLabel("Simulated agents").fill("2");
  await form.getByLabel("ERP latency").fill("100");
  await form.getByLabel("Duration").fill("5");
  await form.getByRole("button", { name: "Run", exact: true }).click();
  const run = page.getByRole("region", { name: "Latest run" });
  await expect(run.getByRole("progressbar", { name: "Run progress" })).toHaveAttribute(
    "aria-valuenow",
    "100",
    {
      timeout: 30_000,
    },
  );
  for (const title of ["Answers per second", "Latency of succeeded clicks", "Requests waiting for the ERP"]) {
    await expect(run.getByRole("figure", { name: title }).getByRole("application")).toBeVisible();
  }
  await policies.expectNone("/lab");

  // A page that does not exist is the desk's own, under the same policy.
  const missing = await page.goto("/products/no-such-product");
  expect(missing?.status()).toBe(404);
  await expectScriptsCarry(missing!, expectStrictPolicy(missing));
  await expect(page.getByRole("heading", { name: "Page not found" })).toBeVisible();
  await policies.expectNone("a missing page");
});

test("Markup injected into a page runs no script, and the browser reports it", async ({ page }) => {
  const policies = await watchPolicies(page);
  await page.goto("/sign-in");
  await expect(page.getByRole("button", { name: "Sign in" })).toBeVisible();
  // What a stored payload rendered as HTML would try: an inline event handler, without the nonce.
  await page.evaluate(() => {
    document.body.insertAdjacentHTML(
      "beforeend",
      '<img src="/no-such-image" onerror="window.__injected = true">',
    );
  });
  await expect.poll(policies.violations).toEqual([expect.stringMatching(/^script-src-attr blocked inline/)]);
  expect(await page.evaluate(() => (window as Window & { __injected?: boolean }).__injected)).toBeUndefined();
});

test("The API answers carry the same headers but no page policy", async ({ request }) => {
  const response = await request.get("/api/health");
  const headers = response.headers();
  expect(headers["content-security-policy"]).toBeUndefined();
  expect(headers["x-frame-options"]).toBe("DENY");
  expect(headers["x-content-type-options"]).toBe("nosniff");
  expect(headers["cross-origin-opener-policy"]).toBe("same-origin");
  expect(headers["permissions-policy"]).toContain("camera=()");
});
