/**
 * `npm start`: migrate and seed the database, build if the build is missing or stale, then run
 * the mock ERP, the demo host (mock-services/host: the desk embedded in another site's page) and
 * the app (production build), and print their URLs.
 *   --app-only   the app alone (`npm run start:app`), same configuration, no ERP and no demo host
 *   --erp-only   is `npm run erp`; not handled here
 *   --dev        `next dev` instead of the production server (`npm run dev`)
 *   --prepare    migrate, seed and build (when stale), then exit: for tools that start
 *                `next start` themselves (the crash and multi-instance tests)
 * Ctrl-C (or SIGTERM) stops everything it started.
 */
import { spawn, spawnSync, type ChildProcess } from "node:child_process";
import fs from "node:fs";
import path from "node:path";
import { parseEnv, type Env } from "@/lib/env";
import { createDbFromEnv } from "@/lib/server/database";
import { DEMO_AGENTS, OPERATOR, seed } from "@/prisma/seed";

const args = new Set(process.argv.slice(2));
const isDev = args.has("--dev");
const appOnly = args.has("--app-only");
const prepareOnly = args.has("--prepare");
const bin = (name: string) => path.join("node_modules", ".bin", name);

// A local .env (never committed) is read like Next.js reads it, so the ERP and scripts see it too.
if (fs.existsSync(".env")) process.loadEnvFile(".env");

function loadEnv(): Env {
  try {
    return parseEnv(process.env);
  } catch (error) {
    console.error((error as Error).message);
    process.exit(1);
  }
}
const env = loadEnv();
// The app shuts its runtime down itself on SIGTERM (Next's own handler would wait for open event streams).
const childEnv = { ...process.env, NEXT_TELEMETRY_DISABLED: "1", NEXT_MANUAL_SIG_HANDLE: "1" };

function run(command: string, commandArgs: string[], what: string) {
  const result = spawnSync(command, commandArgs, {
    stdio: ["ignore", "pipe", "pipe"],
    env: childEnv,
    encoding: "utf8",
  });
  if (result.status !== 0) {
    process.stderr.write(result.stdout + result.stderr);
    console.error(`${what} failed (exit ${result.status ?? result.signal}).`);
    process.exit(1);
  }
}

// Newest modification time under the sources the build depends on.
function newestSource(): number {
  let newest = 0;
  const visit = (entry: string) => {
    const stat = fs.statSync(entry, { throwIfNoEntry: false });
    if (!stat) return;
    if (stat.isDirectory()) for (const child of fs.readdirSync(entry)) visit(path.join(entry, child));
    else newest = Math.max(newest, stat.mtimeMs);
  };
  [
    "app",
    "lib",
    "prisma/models",
    "instrumentation.ts",
    "next.config.ts",
    "proxy.ts",
    "package.json",
    "postcss.config.mjs",
  ].forEach(visit);
  return newest;
}

function buildIfStale() {
  const buildId = fs.statSync(".next/BUILD_ID", { throwIfNoEntry: false });
  const hostLibrary = fs.existsSync("public/embed/continuation-proxy.js");
  if (buildId && hostLibrary && buildId.mtimeMs >= newestSource()) return;
  console.log(
    buildId ? "Sources changed since the last build: building…" : "Building the app (first start)…",
  );
  run(bin("tsx"), ["scripts/build-embed.ts"], "The host library's bundle");
  run(bin("next"), ["build"], "next build");
}

async function migrateAndSeed() {
  run(bin("prisma"), ["migrate", "deploy"], "Database migration");
  const db = createDbFromEnv(env);
  try {
    const created = await seed(db, env.DEMO_PASSWORD, env.OPS_PASSWORD);
    if (created.agents + created.products > 0) {
      console.log(`Seeded ${created.agents} demo agents and ${created.products} products.`);
    }
  } finally {
    await db.$disconnect();
  }
}

async function waitFor(url: string, timeoutMs: number): Promise<boolean> {
  const until = Date.now() + timeoutMs;
  while (Date.now() < until) {
    try {
      const response = await fetch(url, { signal: AbortSignal.timeout(1_000) });
      if (response.status < 500 || response.status === 503) return true;
    } catch {
      // not up yet
    }
    await new Promise((resolve) => setTimeout(resolve, 200));
  }
  return false;
}

const children: ChildProcess[] = [];
let stopping = false;
function stopAll(code: number) {
  if (stopping) return;
  stopping = true;
  for (const child of children) if (child.exitCode === null) child.kill("SIGTERM");
  setTimeout(() => process.exit(code), 5_000).unref();
  Promise.all(children.map((c) => (c.exitCode !== null ? null : new Promise((r) => c.once("exit", r))))).then(
    () => process.exit(code),
  );
}

function launch(name: string, command: string, commandArgs: string[], extraEnv: Record<string, string> = {}) {
  const child = spawn(command, commandArgs, { stdio: "inherit", env: { ...childEnv, ...extraEnv } });
  children.push(child);
  child.on("exit", (code, signal) => {
    if (!stopping) {
      console.error(`${name} stopped (${signal ?? `exit ${code}`}); stopping the rest.`);
      stopAll(code ?? 1);
    }
  });
  return child;
}

process.on("SIGINT", () => stopAll(0));
process.on("SIGTERM", () => stopAll(0));

await migrateAndSeed();
if (!isDev) buildIfStale();
if (prepareOnly) process.exit(0);

const appUrl = `http://${env.HOST}:${env.PORT}`;
// The demo host's page is on localhost, the app on 127.0.0.1 by default: two sites, as a real embed.
const demoHostUrl = `http://localhost:${env.EMBED_HOST_PORT}`;

if (!appOnly) {
  launch("Mock ERP", bin("tsx"), ["mock-services/erp/main.ts"]);
  launch("Demo host", bin("tsx"), ["mock-services/host/main.ts"], {
    APP_URL: appUrl,
    EMBED_HOST_PORT: String(env.EMBED_HOST_PORT),
  });
}
launch("App", bin("next"), [isDev ? "dev" : "start", "-p", String(env.PORT), "-H", env.HOST]);

/** Why the demo host's page would not show a real cross-site embed, if it would not. */
function demoHostWarning(): string | undefined {
  if (env.HOST === "localhost") {
    return "HOST=localhost puts the app on the demo host's site, so cookies and storage will not behave as in a cross-site embed: use HOST=127.0.0.1.";
  }
  if (!(env.EMBED_ORIGINS as readonly string[]).includes(demoHostUrl)) {
    return `EMBED_ORIGINS does not list ${demoHostUrl}, so the desk refuses to be framed by the demo host.`;
  }
  return undefined;
}
const demoHostNote = appOnly ? undefined : demoHostWarning();

const ready = await waitFor(`${appUrl}/api/health`, 120_000);
if (ready && !stopping) {
  const password = process.env.DEMO_PASSWORD ? "from DEMO_PASSWORD" : env.DEMO_PASSWORD;
  const lines = [
    `Warranty Desk  ${appUrl}   (sign in as ${DEMO_AGENTS.map((a) => a.username).join(" or ")}, password ${password})`,
    `Operations     ${appUrl}/ops   (sign in as ${OPERATOR.username}, password ${process.env.OPS_PASSWORD ? "from OPS_PASSWORD" : password})`,
    `${appOnly ? "ERP (expected)" : "Mock ERP     "}  ${env.ERP_URL}`,
    ...(appOnly
      ? []
      : [`Demo host      ${demoHostUrl}   (the Warranty Desk embedded in another site's page)`]),
    ...(demoHostNote ? [`Warning: ${demoHostNote}`] : []),
    "Press Ctrl-C to stop.",
  ];
  console.log(`\n${lines.map((line) => `  ${line}`).join("\n")}\n`);
}
