import { randomUUID } from "node:crypto";
import fs from "node:fs";
import os from "node:os";
import path from "node:path";
import Database from "better-sqlite3";
import pg from "pg";
import { inject } from "vitest";
import type { ContinuationStore } from "@/lib/continuation";
import { openDatabase, type Db, type DbProvider, type DbTransaction } from "@/lib/server/database";

const MIGRATIONS = path.join(import.meta.dirname, "../../prisma");

function migrations(provider: DbProvider): string[] {
  const dir = path.join(MIGRATIONS, provider, "migrations");
  return fs
    .readdirSync(dir)
    .filter((d) => /^\d+_/.test(d))
    .sort()
    .map((d) => fs.readFileSync(path.join(dir, d, "migration.sql"), "utf8"));
}

/** Applies the committed SQLite migrations, in order, to a file. */
export function applyMigrations(file: string): void {
  const sqlite = new Database(file);
  try {
    for (const sql of migrations("sqlite")) sqlite.exec(sql);
  } finally {
    sqlite.close();
  }
}

/** The provider the unit tests run against: SQLite, or PostgreSQL under `npm run test:unit:pg`. */
export const testProvider: DbProvider = process.env.TEST_DB_PROVIDER === "postgres" ? "postgres" : "sqlite";

/**
 * A fresh database with the committed migrations applied, for one test file: a SQLite file, or a
 * new database in the throwaway PostgreSQL cluster the test run started. `cleanup` disconnects
 * and deletes it.
 */
export async function createTestDb(): Promise<{
  db: Db;
  store: ContinuationStore<DbTransaction>;
  /** The database's URL, for a second client on it (another instance). */
  url: string;
  cleanup: () => Promise<void>;
}> {
  if (testProvider === "postgres") {
    const adminUrl = inject("postgresUrl");
    const name = `test_${randomUUID().replaceAll("-", "")}`;
    const admin = new pg.Client({ connectionString: adminUrl });
    await admin.connect();
    await admin.query(`CREATE DATABASE "${name}"`);
    const url = new URL(adminUrl);
    url.pathname = `/${name}`;
    const migrate = new pg.Client({ connectionString: url.toString() });
    await migrate.connect();
    for (const sql of migrations("postgres")) await migrate.query(sql);
    await migrate.end();
    const { db, store, close } = openDatabase("postgres", url.toString());
    return {
      db,
      store,
      url: url.toString(),
      async cleanup() {
        await close();
        await admin.query(`DROP DATABASE IF EXISTS "${name}" WITH (FORCE)`);
        await admin.end();
      },
    };
  }
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), "warranty-desk-test-"));
  const file = path.join(dir, "test.db");
  applyMigrations(file);
  const { db, store, close } = openDatabase("sqlite", `file:${file}`);
  return {
    db,
    store,
    url: `file:${file}`,
    async cleanup() {
      await close();
      fs.rmSync(dir, { recursive: true, force: true });
    },
  };
}

/** Another instance's database on the same test database (its own pool, store and listener). */
export function openAnotherInstance(url: string) {
  return openDatabase(testProvider, url);
}
