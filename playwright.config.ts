import { defineConfig, devices } from "@playwright/test";

// Ports of their own, so a desk running on the defaults does not get in the way.
export const E2E_APP_PORT = Number(process.env.E2E_APP_PORT ?? 3210);
export const E2E_ERP_PORT = Number(process.env.E2E_ERP_PORT ?? 4210);
/** The port of the "other application" whose pages may frame the continuation proxy (EMBED_ORIGINS). */
export const E2E_EMBED_HOST_PORT = Number(process.env.E2E_EMBED_HOST_PORT ?? 4220);
export const E2E_DEADLINE_SECONDS = 8;
const chromium = process.env.CHROMIUM_PATH ?? "/usr/bin/chromium";

export default defineConfig({
  testDir: "e2e",
  timeout: 60_000,
  expect: { timeout: 15_000 },
  retries: 0,
  // One ERP with shared fault settings: tests run one at a time.
  workers: 1,
  fullyParallel: false,
  reporter: [["list"], ["./tests/playwright-summary-reporter.ts"]],
  use: {
    baseURL: `http://127.0.0.1:${E2E_APP_PORT}`,
    trace: "retain-on-failure",
    screenshot: "only-on-failure",
  },
  projects: [
    {
      name: "chromium",
      use: {
        ...devices["Desktop Chrome"],
        launchOptions: {
          executablePath: chromium,
          args: [
            "--no-sandbox",
            "--disable-dev-shm-usage",
            "--disable-gpu",
            "--disable-background-networking",
            "--disable-component-update",
            "--disable-sync",
            "--no-first-run",
          ],
        },
      },
    },
  ],
  webServer: [
    {
      command: "node_modules/.bin/tsx mock-services/erp/main.ts",
      url: `http://127.0.0.1:${E2E_ERP_PORT}/health`,
      reuseExistingServer: false,
      timeout: 30_000,
      env: { ERP_PORT: String(E2E_ERP_PORT), ERP_DEFAULT_LATENCY_MS: "300", ERP_LOG: "0" },
    },
    {
      // A fresh database each run; start.ts migrates, seeds and (re)builds when stale.
      command: "rm -rf data/e2e && node_modules/.bin/tsx scripts/start.ts --app-only",
      url: `http://127.0.0.1:${E2E_APP_PORT}/api/health`,
      reuseExistingServer: false,
      timeout: 180_000,
      stdout: "pipe",
      env: {
        PORT: String(E2E_APP_PORT),
        HOST: "127.0.0.1",
        ERP_PORT: String(E2E_ERP_PORT),
        EMBED_HOST_PORT: String(E2E_EMBED_HOST_PORT),
        SQLITE_URL: "file:./data/e2e/app.db",
        DATA_DIR: "./data/e2e",
        LOG_LEVEL: "warn",
        // A short deadline, so "the ERP hangs past the deadline" takes seconds, not 30.
        CONTINUATION_LIMITS: JSON.stringify({ defaultTimeoutSeconds: E2E_DEADLINE_SECONDS }),
        // The lab's synchronous modes, scaled down so their limits are reached in a second or two.
        SYNC_MAX_LONG_RUNNING: "2",
        SYNC_LONG_RUNNING_MS: "1000",
        FAIL_FAST_TIMEOUT_MS: "1000",
        NEXT_TELEMETRY_DISABLED: "1",
        METRICS_TOKEN: "e2e-metrics-token-0123456789abcdef0123",
      },
    },
  ],
});
