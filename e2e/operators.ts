/**
 * Operators of a spec's own (role `operator`: they see everyone's work in /ops), beside the seeded
 * `ops` account, so a spec does not depend on the seed or disturb what other specs count.
 */
import { randomUUID } from "node:crypto";
import { fileURLToPath } from "node:url";
import bcrypt from "bcryptjs";
import Database from "better-sqlite3";
import { DEMO_PASSWORD } from "./fixtures";

/** The e2e app's database (playwright.config.ts: SQLITE_URL, relative to the repository). */
const E2E_DATABASE = fileURLToPath(new URL("../data/e2e/app.db", import.meta.url));

/**
 * Creates the operator in the e2e database with the demo password (or makes an existing account of
 * that name an operator), so `signIn` works for it. Call it once the app is up.
 */
export function ensureOperator(username: string, displayName: string): void {
  const db = new Database(E2E_DATABASE);
  try {
    db.pragma("busy_timeout = 5000");
    db.prepare(
      `INSERT INTO "Agent" ("id", "username", "displayName", "passwordHash", "role") VALUES (?, ?, ?, ?, 'operator')
       ON CONFLICT ("username") DO UPDATE SET "role" = 'operator'`,
    ).run(randomUUID(), username, displayName, bcrypt.hashSync(DEMO_PASSWORD, 10));
  } finally {
    db.close();
  }
}
