import fs from "node:fs";
import os from "node:os";
import path from "node:path";
import Database from "better-sqlite3";
import { createDb, type Db } from "@/lib/db";

const MIGRATIONS = path.join(import.meta.dirname, "../../prisma/sqlite/migrations");

/** Applies the committed migrations, in order, to a SQLite file. */
export function applyMigrations(file: string): void {
  const sqlite = new Database(file);
  try {
    for (const dir of fs
      .readdirSync(MIGRATIONS)
      .filter((d) => /^\d+_/.test(d))
      .sort()) {
      sqlite.exec(fs.readFileSync(path.join(MIGRATIONS, dir, "migration.sql"), "utf8"));
    }
  } finally {
    sqlite.close();
  }
}

/**
 * A fresh SQLite database file with the committed migrations applied, for one test file.
 * `cleanup` disconnects and deletes it.
 */
export async function createTestDb(): Promise<{ db: Db; file: string; cleanup: () => Promise<void> }> {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), "warranty-desk-test-"));
  const file = path.join(dir, "test.db");
  applyMigrations(file);
  const db = createDb(`file:${file}`);
  return {
    db,
    file,
    async cleanup() {
      await db.$disconnect();
      fs.rmSync(dir, { recursive: true, force: true });
    },
  };
}
