import { spawnSync } from "node:child_process";
import os from "node:os";
import path from "node:path";
import { describe, expect, it } from "vitest";
import { inject } from "vitest";
import { testProvider } from "@/lib/testing/test-db";

/**
 * The committed migrations of a provider must produce exactly its schema: `migrate diff` between
 * them exits 2 when they drift (a model changed without a migration, or a hand-edited migration).
 */
function drift(provider: "sqlite" | "postgres", env: Record<string, string>) {
  const result = spawnSync(
    path.join("node_modules", ".bin", "prisma"),
    [
      "migrate",
      "diff",
      "--from-migrations",
      `prisma/${provider}/migrations`,
      "--to-schema-datamodel",
      `prisma/${provider}`,
      "--exit-code",
    ],
    { encoding: "utf8", env: { ...process.env, ...env, DB_PROVIDER: provider }, timeout: 60_000 },
  );
  return { status: result.status, output: `${result.stdout}${result.stderr}` };
}

describe("committed migrations", () => {
  it(`match the ${testProvider} schema`, () => {
    const env: Record<string, string> =
      testProvider === "postgres"
        ? { DATABASE_URL: inject("postgresUrl") }
        : { SQLITE_URL: `file:${path.join(os.tmpdir(), `warranty-desk-drift-${process.pid}.db`)}` };
    const { status, output } = drift(testProvider, env);
    expect(output).toContain("No difference detected");
    expect(status).toBe(0);
  });
});
