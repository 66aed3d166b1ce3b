import "server-only";
import { createLabRunner, type LabRunner } from "@/lib/lab/lab-runner";
import { getDb } from "./db";
import { getOrgLimiter, getRuntime, logger } from "./runtime";
import { createSessionCookie } from "./session";
import { singleton } from "./singleton";

/** This process's lab (one run at a time per server), wired to its runtime, limiter and sessions. */
export function getLabRunner(): LabRunner {
  return singleton("lab-runner", () =>
    createLabRunner({
      db: getDb(),
      createSessionCookie,
      runtime: getRuntime(),
      limiter: getOrgLimiter(),
      logger,
    }),
  );
}
