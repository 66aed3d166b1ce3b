import fs from "node:fs";
import path from "node:path";
import { defineConfig } from "prisma/config";

// Prisma 6.19 CLI configuration: engine "js" with a driver adapter, so nothing is downloaded
// outside the npm registry. See docs/decisions/001-prisma-6-js-engine.md.
export const DEFAULT_SQLITE_URL = "file:./data/warranty-desk.db";

export default defineConfig({
  experimental: { adapter: true },
  engine: "js",
  schema: path.join("prisma", "sqlite"),
  migrations: { path: path.join("prisma", "sqlite", "migrations") },
  async adapter() {
    // The wasm schema engine leaves long timers armed (60 s on SQLite), so migrate commands linger
    // after finishing. Unref them (this file only runs in the CLI).
    const setTimeoutOriginal = globalThis.setTimeout;
    globalThis.setTimeout = ((fn: () => void, ms?: number, ...args: unknown[]) => {
      const timer = setTimeoutOriginal(fn, ms, ...args);
      if ((ms ?? 0) >= 10_000) (timer as unknown as NodeJS.Timeout).unref();
      return timer;
    }) as typeof setTimeout;

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
  },
});
