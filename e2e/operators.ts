/**
 * The operators' side of the e2e suite: signing in as the seeded operator `ops` (prisma/seed.ts,
 * created by every e2e app's start), and an ERP that a test can take down as a whole.
 */
import type { Page } from "@playwright/test";
import { startTestServer } from "../lib/testing/http-server";
import { DEMO_PASSWORD, expect } from "./fixtures";

/** The seeded operator (OPS_PASSWORD defaults to the demo password). */
export const OPERATOR = { username: "ops", displayName: "Operations" } as const;

/** Signs in as `ops` through the sign-in page, which lands an operator on the console. */
export async function signInAsOperator(page: Page): Promise<void> {
  await page.goto("/sign-in");
  await page.getByLabel("Agent").fill(OPERATOR.username);
  await page.getByLabel("Password").fill(DEMO_PASSWORD);
  await page.getByRole("button", { name: "Sign in" }).click();
  await expect(page).toHaveURL(/\/ops$/);
  await expect(page.getByRole("heading", { name: "Continuations", level: 1 })).toBeVisible();
  await expect(page.getByText(`Signed in as ${OPERATOR.displayName}`)).toBeVisible();
}

const HOP_BY_HOP = new Set(["host", "connection", "keep-alive", "content-length", "transfer-encoding"]);

/**
 * A real HTTP server in front of the mock ERP: it forwards every request while up, and answers
 * everything with 503, its health check too, while `down` (the mock's own faults never touch
 * `/health`). Point an app's ERP_URL at `url`.
 */
export async function startErpSwitch(target: string) {
  let isDown = false;
  const server = await startTestServer((req, res, body) => {
    if (isDown) {
      res.writeHead(503, { "content-type": "application/json" });
      res.end(JSON.stringify({ error: { code: "UNAVAILABLE", message: "The ERP is down." } }));
      return;
    }
    // The caller giving up (a cancel, a deadline) ends the forwarded request too.
    const aborted = new AbortController();
    res.on("close", () => aborted.abort());
    const headers = Object.entries(req.headers).flatMap(([name, value]) =>
      HOP_BY_HOP.has(name) || value === undefined ? [] : [[name, String(value)] as [string, string]],
    );
    fetch(`${target}${req.url ?? "/"}`, {
      method: req.method,
      headers,
      body: req.method === "GET" || req.method === "HEAD" ? undefined : body,
      signal: aborted.signal,
    })
      .then(async (answer) => {
        const content = Buffer.from(await answer.arrayBuffer());
        res.writeHead(answer.status, { "content-type": answer.headers.get("content-type") ?? "text/plain" });
        res.end(content);
      })
      .catch(() => res.destroy());
  });
  return {
    url: server.url,
    /** Down: every request gets 503. Up: forwarded to the mock ERP. */
    setDown(down: boolean) {
      isDown = down;
    },
    close: () => server.close(),
  };
}
