import fs from "node:fs";
import path from "node:path";
import { createRequire } from "node:module";
import { defineConfig } from "prisma/config";

// Prisma 6.19 CLI configuration: engine "js" with a driver adapter, so nothing is downloaded
// outside the npm registry. DB_PROVIDER picks the schema folder (prisma/sqlite or prisma/postgres)
// and its migrations. See docs/decisions/001-prisma-6-js-engine.md.
export const DEFAULT_SQLITE_URL = "file:./data/warranty-desk.db";
const provider = process.env.DB_PROVIDER === "postgres" ? "postgres" : "sqlite";

// The wasm schema engine leaves long timers armed (10 s on PostgreSQL, 60 s on SQLite), so migrate
// commands linger after finishing. Unref them (this file only runs in the CLI).
function unrefLongTimers() {
  const setTimeoutOriginal = globalThis.setTimeout;
  globalThis.setTimeout = ((fn: () => void, ms?: number, ...args: unknown[]) => {
    const timer = setTimeoutOriginal(fn, ms, ...args);
    if ((ms ?? 0) >= 10_000) (timer as unknown as NodeJS.Timeout).unref();
    return timer;
  }) as typeof setTimeout;
}

async function sqliteAdapter() {
  const { PrismaBetterSQLite3 } = await import("@prisma/adapter-better-sqlite3");
  const url = process.env.SQLITE_URL ?? DEFAULT_SQLITE_URL;
  fs.mkdirSync(path.dirname(url.replace(/^file:/, "")), { recursive: true });
  const factory = new PrismaBetterSQLite3({ url });
  // Prisma 6.19.3 replays migrations into the SQLite shadow database through executeRaw (one
  // prepared statement), which fails with "External error". Route argument-less SQL to executeScript.
  const connectToShadowDb = factory.connectToShadowDb.bind(factory);
  factory.connectToShadowDb = async () => {
    const adapter = await connectToShadowDb();
    const executeRaw = adapter.executeRaw.bind(adapter);
    adapter.executeRaw = async (query) =>
      query.args.length === 0 ? (await adapter.executeScript(query.sql), 0) : executeRaw(query);
    return adapter;
  };
  return factory;
}

async function postgresAdapter() {
  const url = process.env.DATABASE_URL;
  if (!url)
    throw new Error("DB_PROVIDER=postgres needs DATABASE_URL (postgresql://user:password@host:port/db).");
  // prisma/orm#27403 (6.19.3): adapter-pg rejects PostgreSQL's internal `name` type that the schema
  // engine reads from pg_catalog ("Column type 'name' could not be deserialized"). Relabel name and
  // char columns as text before pg picks parsers. CLI only.
  const Result = createRequire(import.meta.url)("pg/lib/result.js");
  const remap: Record<number, number> = { 18: 25, 19: 25, 1002: 1009, 1003: 1009 };
  const addFields = Result.prototype.addFields;
  Result.prototype.addFields = function (fields: { dataTypeID: number }[]) {
    for (const field of fields) field.dataTypeID = remap[field.dataTypeID] ?? field.dataTypeID;
    return addFields.call(this, fields);
  };
  const { PrismaPg } = await import("@prisma/adapter-pg");
  const config = (database?: string) => {
    const u = new URL(url);
    return {
      host: u.hostname,
      port: Number(u.port || 5432),
      user: decodeURIComponent(u.username),
      password: decodeURIComponent(u.password),
      database: database ?? u.pathname.slice(1),
      idleTimeoutMillis: 200,
      allowExitOnIdle: true, // otherwise the CLI lingers for pg's idle timeout
    };
  };
  const factory = new PrismaPg(config());
  // 6.19.3's shadow database is dropped while its own pool is still connected ("is being accessed
  // by other users"). A fresh database per call; dispose its pool first, then DROP ... WITH (FORCE).
  factory.connectToShadowDb = async () => {
    const { default: pg } = await import("pg");
    const name = `prisma_shadow_${crypto.randomUUID().replaceAll("-", "")}`;
    const admin = new pg.Client(config());
    await admin.connect();
    await admin.query(`CREATE DATABASE "${name}"`);
    const shadow = await new PrismaPg(config(name)).connect();
    const dispose = shadow.dispose.bind(shadow);
    shadow.dispose = async () => {
      await dispose();
      await admin.query(`DROP DATABASE IF EXISTS "${name}" WITH (FORCE)`);
      await admin.end();
    };
    return shadow;
  };
  return factory;
}

export default defineConfig({
  experimental: { adapter: true },
  engine: "js",
  schema: path.join("prisma", provider),
  migrations: { path: path.join("prisma", provider, "migrations") },
  async adapter() {
    unrefLongTimers();
    return provider === "postgres" ? postgresAdapter() : sqliteAdapter();
  },
});
