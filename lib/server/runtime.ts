import "server-only";
import os from "node:os";
import {
  createCancelAction,
  createContinuationAction,
  createRetryAction,
  createJsonLogger,
  createOrgLimiter,
  createRuntime,
  createSynchronousAction,
  type OrgLimiter,
  type Runtime,
} from "@/lib/continuation";
import { getEnv } from "@/lib/env";
import { erpCredentials } from "@/lib/erp/credential";
import { recordBreakerHistory } from "./breaker-history";
import { callbacks } from "./callbacks";
import { observeRuntime } from "./telemetry/metrics";
import { getDatabase, getDb } from "./db";
import { getSignedInAgent } from "./session";
import { singleton } from "./singleton";

export const logger = createJsonLogger(getEnv().LOG_LEVEL);

/** The process's one continuation runtime (shared by every route, action and instrumentation). */
export function getRuntime(): Runtime {
  return singleton("runtime", () => {
    const runtime = createRuntime({
      store: getDatabase().store,
      callbacks,
      credentials: erpCredentials(getEnv()),
      limits: getEnv().CONTINUATION_LIMITS,
      breaker: { failures: getEnv().BREAKER_FAILURES, halfOpenAfterMs: getEnv().BREAKER_HALF_OPEN_AFTER_MS },
      instanceId: getEnv().INSTANCE_ID ?? `${os.hostname()}:${getEnv().PORT}`,
      crashAt: getEnv().CRASH_AT_FOR_TESTS,
      eventRetentionMs: getEnv().EVENT_RETENTION_DAYS * 24 * 60 * 60 * 1000,
      logger,
    });
    observeRuntime(runtime);
    recordBreakerHistory(runtime, logger);
    return runtime;
  });
}

/**
 * Called once from instrumentation.ts: takes over continuations a previous process left unfinished,
 * starts the lease, recovery and change-relay loops, and shuts the runtime down gracefully on
 * SIGTERM/SIGINT (within seconds: in-flight callouts are left to recovery, never waited for).
 */
export async function startRuntime(): Promise<void> {
  const runtime = getRuntime();
  await runtime.run();
  let stopping = false;
  const stop = (signal: NodeJS.Signals) => {
    if (stopping) return;
    stopping = true;
    logger.info("runtime.stopping", { signal });
    const forced = setTimeout(() => process.exit(1), 8_000);
    forced.unref();
    void runtime.close().finally(() => process.exit(0));
  };
  process.on("SIGTERM", stop);
  process.on("SIGINT", stop);
  logger.info("runtime.started", { instanceId: getEnv().INSTANCE_ID ?? `${os.hostname()}:${getEnv().PORT}` });
}

const resolveOwner = async () => (await getSignedInAgent())?.id ?? null;

/** The wrapper every ERP-bound server action is built with (input validation, owner, ticket). */
export const continuationAction = createContinuationAction({
  runtime: getRuntime,
  resolveOwner,
  db: getDb,
  logger,
});

/** The org limit on long-running synchronous requests (the lab's synchronous modes only). */
export function getOrgLimiter(): OrgLimiter {
  return singleton("org-limiter", () =>
    createOrgLimiter({
      maxLongRunning: getEnv().SYNC_MAX_LONG_RUNNING,
      longRunningAfterMs: getEnv().SYNC_LONG_RUNNING_MS,
    }),
  );
}

/** The naive wrapper, for the lab's comparison: the request waits while the ERP answers. */
export const synchronousAction = createSynchronousAction({
  runtime: getRuntime,
  resolveOwner,
  db: getDb,
  limiter: getOrgLimiter(),
  logger,
});

/** Retries one of the signed-in agent's failed continuations with the same idempotency keys. */
export const retryContinuation = createRetryAction({ runtime: getRuntime, resolveOwner });

/** Cancels one of the signed-in agent's pending continuations. */
export const cancelContinuation = createCancelAction({ runtime: getRuntime, resolveOwner });
