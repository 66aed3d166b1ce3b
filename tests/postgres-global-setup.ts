import type { TestProject } from "vitest/node";
import { startPostgresCluster } from "@/lib/testing/postgres-cluster";

declare module "vitest" {
  export interface ProvidedContext {
    postgresUrl: string;
  }
}

/** Under TEST_DB_PROVIDER=postgres: one throwaway cluster for the run, stopped at its end. */
export default function setup(project: TestProject) {
  if (process.env.TEST_DB_PROVIDER !== "postgres") return;
  const cluster = startPostgresCluster(Number(process.env.TEST_PG_PORT ?? 55433));
  project.provide("postgresUrl", cluster.url);
  return () => cluster.stop();
}
