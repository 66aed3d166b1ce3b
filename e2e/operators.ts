/**
 * Operators for specs: the `ops` account the seed creates (prisma/seed.ts), ensured here too so a
 * spec does not depend on which seed the e2e database got, and signing one in without the desk's UI.
 */
import { randomUUID } from "node:crypto";
import { fileURLToPath } from "node:url";
import type { APIRequestContext } from "@playwright/test";
import bcrypt from "bcryptjs";
import Database from "better-sqlite3";
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
