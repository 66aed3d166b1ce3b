/**
 * Agents of a spec's own, beside the demo agents alice and bob: what they look up and order is
 * nobody else's, so a spec that goes through every state of the desk does not disturb the specs
 * that count alice's or bob's rows and orders (and is not disturbed by them).
 */
import { randomUUID } from "node:crypto";
import { fileURLToPath } from "node:url";
import bcrypt from "bcryptjs";
import Database from "better-sqlite3";
import { DEMO_PASSWORD } from "./fixtures";

/** The e2e app's database (playwright.config.ts: SQLITE_URL, relative to the repository). */
const E2E_DATABASE = fileURLToPath(new URL("../data/e2e/app.db", import.meta.url));

/**
 * Creates the agent in the e2e database unless it exists, with the demo password, so `signIn`
 * works for it. Call it once the app is up (in a test or `beforeAll`): the app creates the file.
 */
export function ensureAgent(username: string, displayName: string): void {
  const db = new Database(E2E_DATABASE);
  try {
    db.pragma("busy_timeout = 5000");
    db.prepare(
      'INSERT OR IGNORE INTO "Agent" ("id", "username", "displayName", "passwordHash") VALUES (?, ?, ?, ?)',
    ).run(randomUUID(), username, displayName, bcrypt.hashSync(DEMO_PASSWORD, 10));
  } finally {
    db.close();
  }
}
