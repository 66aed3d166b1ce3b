import "server-only";
import {
  resolveLimits,
  throughCredential,
  type ActionContext,
  type createContinuationAction,
  type createSynchronousAction,
} from "@/lib/continuation";
import { getEnv } from "@/lib/env";
import { ERP_CREDENTIAL } from "@/lib/erp/credential";
import { getWarranty, GetWarrantyInputSchema, type GetWarrantyInput } from "./get-warranty";
import { warrantySubject } from "./warranty-outcome";

// The same Get warranty (same action, same callbacks, same database writes), waited for three
// ways. The desk uses continuations; the lab compares all three under load.

/** The app's action wrappers, built by the composition root. */
export interface WarrantyLookupWrappers {
  continuationAction: ReturnType<typeof createContinuationAction>;
  synchronousAction: ReturnType<typeof createSynchronousAction>;
}

/**
 * Get warranty with its ERP callout sent through another named credential (the lab's): the same
 * action and callback, another circuit breaker and base URL. The first step only: a product whose
 * warranty has expired goes on to ask for offers through `ERP`, so the lab looks up active ones.
 */
function getWarrantyThrough(credential: string) {
  return async (input: GetWarrantyInput, context: ActionContext) =>
    throughCredential(await getWarranty(input, context), ERP_CREDENTIAL, credential);
}

/**
 * Get warranty's three ways, built with the app's wrappers; with `credential`, the lookups go to
 * the ERP through that named credential instead of `ERP` (the lab's traffic).
 */
export function createWarrantyLookups(
  { continuationAction, synchronousAction }: WarrantyLookupWrappers,
  { credential }: { credential?: string } = {},
) {
  const operation = credential ? getWarrantyThrough(credential) : getWarranty;
  return {
    /** Continuation: answers a ticket at once; the result follows (every call starts a lookup). */
    startWarrantyLookup: continuationAction(GetWarrantyInputSchema, operation, {
      subject: (input) => warrantySubject(input.productId),
    }),
    /** Synchronous: the request waits for the ERP (up to the longest callout timeout, 120 s). */
    lookUpWarrantySynchronously: synchronousAction(GetWarrantyInputSchema, operation, {
      timeoutMs: resolveLimits(getEnv().CONTINUATION_LIMITS).maxTimeoutSeconds * 1_000,
    }),
    /** Fail fast: synchronous, but gives up after FAIL_FAST_TIMEOUT_MS (5 s by default). */
    lookUpWarrantyFailFast: synchronousAction(GetWarrantyInputSchema, operation, {
      timeoutMs: getEnv().FAIL_FAST_TIMEOUT_MS,
    }),
  };
}
