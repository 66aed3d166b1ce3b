/**
 * Operators for specs: the `ops` account the seed creates (prisma/seed.ts), ensured here too so a
 * spec does not depend on which seed the e2e database got; signing one in with or without the
 * desk's UI; and an ERP that a spec can take down as a whole (the operators' breaker probe).
 */
import { randomUUID } from "node:crypto";
import { fileURLToPath } from "node:url";
import type { APIRequestContext, Page } from "@playwright/test";
import bcrypt from "bcryptjs";
import Database from "better-sqlite3";
import { startTestServer } from "../lib/testing/http-server";
import { DEMO_PASSWORD, expect } from "./fixtures";

/** The e2e app's database (playwright.config.ts: SQLITE_URL, relative to the repository). */
const E2E_DATABASE = fileURLToPath(new URL("../data/e2e/app.db", import.meta.url));

/** The seeded operator's name (README: the demo accounts). */
export const OPERATOR = "ops";

/**
 * Makes `username` an operator in the e2e database, creating it with the demo password unless it
 * exists. Call it once the app is up (in a test or `beforeAll`): the app creates the file.
 */
export function ensureOperator(username: string = OPERATOR, displayName = "Operations"): void {
  const db = new Database(E2E_DATABASE);
  try {
    db.pragma("busy_timeout = 5000");
    db.prepare(
      'INSERT OR IGNORE INTO "Agent" ("id", "username", "displayName", "passwordHash", "role") VALUES (?, ?, ?, ?, ?)',
    ).run(randomUUID(), username, displayName, bcrypt.hashSync(DEMO_PASSWORD, 10), "operator");
    db.prepare(`UPDATE "Agent" SET "role" = 'operator' WHERE "username" = ?`).run(username);
  } finally {
    db.close();
  }
}

/** Signs `username` in on `request` (its cookie jar keeps the session) through the JSON API. */
export async function signInByApi(request: APIRequestContext, username: string = OPERATOR): Promise<void> {
  const response = await request.post("/api/sessions", { data: { username, password: DEMO_PASSWORD } });
  expect(response.status(), `${username} signs in`).toBe(204);
}

/** Signs in as `ops` through the sign-in page, which lands an operator on the console. */
export async function signInAsOperator(page: Page): Promise<void> {
  await page.goto("/sign-in");
  await page.getByLabel("Agent").fill(OPERATOR);
  await page.getByLabel("Password").fill(DEMO_PASSWORD);
  await page.getByRole("button", { name: "Sign in" }).click();
  await expect(page).toHaveURL(/\/ops$/);
  await expect(page.getByRole("heading", { name: "Continuations", level: 1 })).toBeVisible();
  await expect(page.getByText("Signed in as Operations")).toBeVisible();
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
