import "server-only";
import {
  createCancelAction,
  createContinuationAction,
  createRetryAction,
  createJsonLogger,
  createRuntime,
  PrismaContinuationStore,
  type Runtime,
} from "@/lib/continuation";
import { callbacks } from "@/lib/callbacks";
import { getSignedInAgent } from "@/lib/auth/session";
import { getDb } from "@/lib/db";
import { getEnv } from "@/lib/env";
import { erpCredentials } from "@/lib/erp/credential";

const g = globalThis as unknown as { __warrantyDeskRuntime?: Runtime };
export const logger = createJsonLogger(getEnv().LOG_LEVEL);

/** The process's one continuation runtime (shared by every route, action and instrumentation). */
export function getRuntime(): Runtime {
  return (g.__warrantyDeskRuntime ??= createRuntime({
    store: new PrismaContinuationStore(getDb()),
    callbacks,
    credentials: erpCredentials(getEnv()),
    limits: getEnv().CONTINUATION_LIMITS,
    logger,
  }));
}

/** Called once from instrumentation.ts: picks up continuations a previous process left unfinished. */
export async function startRuntime(): Promise<void> {
  const resumed = await getRuntime().resumePending();
  logger.info("runtime.started", { resumed });
}

const resolveOwner = async () => (await getSignedInAgent())?.id ?? null;

/** The wrapper every ERP-bound server action is built with (input validation, owner, ticket). */
export const continuationAction = createContinuationAction({
  runtime: getRuntime,
  resolveOwner,
  db: getDb,
  logger,
});

/** Retries one of the signed-in agent's failed continuations with the same idempotency keys. */
export const retryContinuation = createRetryAction({ runtime: getRuntime, resolveOwner });

/** Cancels one of the signed-in agent's pending continuations. */
export const cancelContinuation = createCancelAction({ runtime: getRuntime, resolveOwner });
