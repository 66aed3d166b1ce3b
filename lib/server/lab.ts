import "server-only";
import { createOrgLimiter, createSynchronousAction, type OrgLimiter } from "@/lib/continuation";
import { getEnv } from "@/lib/env";
import { LAB_CREDENTIAL } from "@/lib/erp/credential";
import { createLabRunner, type LabRunner } from "@/lib/lab/lab-runner";
import { createLabRunStore } from "@/lib/lab/lab-run-store";
import { createWarrantyLookups } from "@/lib/warranty/warranty-modes";
import { getDb } from "./db";
import { continuationAction, getRuntime, logger } from "./runtime";
import { createSessionCookie, getSignedInAgent } from "./session";
import { singleton } from "./singleton";

/**
 * The lab's own org limit on long-running synchronous requests (same numbers as the app's), so a
 * lab run's synchronous load never refuses anyone else's synchronous request.
 */
export function getLabOrgLimiter(): OrgLimiter {
  return singleton("lab-org-limiter", () =>
    createOrgLimiter({
      maxLongRunning: getEnv().SYNC_MAX_LONG_RUNNING,
      longRunningAfterMs: getEnv().SYNC_LONG_RUNNING_MS,
    }),
  );
}

const labSynchronousAction = createSynchronousAction({
  runtime: getRuntime,
  resolveOwner: async () => (await getSignedInAgent())?.id ?? null,
  db: getDb,
  limiter: getLabOrgLimiter(),
  logger,
});

/**
 * Get warranty's three ways for the lab's simulated agents: through the lab's named credential
 * (`ERP_LAB`: its own circuit breaker and ERP base URL) and the lab's own org limiter.
 */
export const labWarrantyLookups = createWarrantyLookups(
  { continuationAction, synchronousAction: labSynchronousAction },
  { credential: LAB_CREDENTIAL },
);

/** This process's lab (one run at a time per server), wired to its runtime, limiter and sessions. */
export function getLabRunner(): LabRunner {
  return singleton("lab-runner", () =>
    createLabRunner({
      db: getDb(),
      runs: createLabRunStore(getDb(), logger),
      createSessionCookie,
      runtime: getRuntime(),
      credential: LAB_CREDENTIAL,
      limiter: getLabOrgLimiter(),
      logger,
    }),
  );
}
