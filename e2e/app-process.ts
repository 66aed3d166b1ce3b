import { spawn, spawnSync, type ChildProcess } from "node:child_process";
import path from "node:path";
import { E2E_DEADLINE_SECONDS, E2E_ERP_PORT } from "../playwright.config";

/** An app process a test starts, kills and restarts itself (not Playwright's webServer). */
export interface AppProcess {
  url: string;
  pid: number;
  exited: Promise<number | null>;
  /** SIGKILL: no shutdown at all, as a crash. */
  kill(): Promise<void>;
  /** SIGTERM: the graceful shutdown. Resolves with how long the exit took, in ms. */
  terminate(): Promise<number>;
}

export interface AppOptions {
  port: number;
  /** A data directory of the test's own (its SQLite file and session secret live there). */
  dataDir: string;
  instanceId: string;
  env?: Record<string, string>;
}

function appEnv(options: AppOptions): NodeJS.ProcessEnv {
  return {
    ...process.env,
    PORT: String(options.port),
    HOST: "127.0.0.1",
    ERP_PORT: String(E2E_ERP_PORT),
    SQLITE_URL: `file:${path.join(options.dataDir, "app.db")}`,
    DATA_DIR: options.dataDir,
    INSTANCE_ID: options.instanceId,
    LOG_LEVEL: "warn",
    NEXT_TELEMETRY_DISABLED: "1",
    NEXT_MANUAL_SIG_HANDLE: "1",
    CONTINUATION_LIMITS: JSON.stringify({ defaultTimeoutSeconds: E2E_DEADLINE_SECONDS }),
    ...options.env,
  };
}

/** Migrates and seeds the test's database (and builds if stale), as `npm start` would. */
export function prepareApp(options: AppOptions): void {
  const result = spawnSync("node_modules/.bin/tsx", ["scripts/start.ts", "--prepare"], {
    env: appEnv(options),
    encoding: "utf8",
    timeout: 180_000,
  });
  if (result.status !== 0) throw new Error(`prepare failed: ${result.stdout}${result.stderr}`);
}

/** Starts `next start` as one process (so its pid is the server's) and waits until it is healthy. */
export async function startApp(options: AppOptions): Promise<AppProcess> {
  const child: ChildProcess = spawn(
    "node_modules/.bin/next",
    ["start", "-p", String(options.port), "-H", "127.0.0.1"],
    { env: appEnv(options), stdio: ["ignore", "inherit", "inherit"] },
  );
  const exited = new Promise<number | null>((resolve) => child.once("exit", (code) => resolve(code)));
  const url = `http://127.0.0.1:${options.port}`;
  const until = Date.now() + 60_000;
  for (;;) {
    if (child.exitCode !== null) throw new Error(`the app exited while starting (${child.exitCode})`);
    try {
      const response = await fetch(`${url}/api/health`, { signal: AbortSignal.timeout(1_000) });
      if (response.status === 200) break;
    } catch {
      // not up yet
    }
    if (Date.now() > until) throw new Error("the app did not become healthy within 60 s");
    await new Promise((resolve) => setTimeout(resolve, 200));
  }
  return {
    url,
    pid: child.pid!,
    exited,
    async kill() {
      if (child.exitCode === null && child.signalCode === null) child.kill("SIGKILL");
      await exited;
    },
    async terminate() {
      const started = Date.now();
      child.kill("SIGTERM");
      await exited;
      return Date.now() - started;
    },
  };
}
