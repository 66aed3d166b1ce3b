import path from "node:path";
import { defineConfig } from "vitest/config";

const isPostgres = process.env.TEST_DB_PROVIDER === "postgres";

export default defineConfig({
  resolve: {
    alias: {
      "@": import.meta.dirname,
      // `server-only` throws outside React Server Components; unit tests run modules directly.
      "server-only": path.join(import.meta.dirname, "tests/empty-module.ts"),
    },
  },
  test: {
    // Under TEST_DB_PROVIDER=postgres (npm run test:unit:pg) the database-backed tests run again,
    // against a throwaway PostgreSQL cluster.
    include: isPostgres
      ? ["lib/**/*.test.ts", "prisma/**/*.test.ts"]
      : [
          "lib/**/*.test.ts",
          "prisma/**/*.test.ts",
          "mock-services/**/*.test.ts",
          "app/**/*.test.ts",
          "scripts/**/*.test.ts",
        ],
    exclude: isPostgres ? ["lib/server/prisma-adapters.test.ts", "node_modules/**"] : ["node_modules/**"],
    globalSetup: ["./tests/postgres-global-setup.ts"],
    environment: "node",
    reporters: ["default", "./tests/vitest-summary-reporter.ts"],
    testTimeout: 20_000,
  },
});
