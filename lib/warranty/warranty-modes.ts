import "server-only";
import {
  resolveLimits,
  type createContinuationAction,
  type createSynchronousAction,
} from "@/lib/continuation";
import { getEnv } from "@/lib/env";
import { getWarranty, GetWarrantyInputSchema } from "./get-warranty";
import { warrantySubject } from "./warranty-outcome";

// The same Get warranty (same action, same callbacks, same database writes), waited for three
// ways. The desk uses continuations; the lab compares all three under load.

/** The app's action wrappers, built by the composition root. */
export interface WarrantyLookupWrappers {
  continuationAction: ReturnType<typeof createContinuationAction>;
  synchronousAction: ReturnType<typeof createSynchronousAction>;
}

/** Get warranty's three ways, built with the app's wrappers. */
export function createWarrantyLookups({ continuationAction, synchronousAction }: WarrantyLookupWrappers) {
  return {
    /** Continuation: answers a ticket at once; the result follows (every call starts a lookup). */
    startWarrantyLookup: continuationAction(GetWarrantyInputSchema, getWarranty, {
      subject: (input) => warrantySubject(input.productId),
    }),
    /** Synchronous: the request waits for the ERP (up to the longest callout timeout, 120 s). */
    lookUpWarrantySynchronously: synchronousAction(GetWarrantyInputSchema, getWarranty, {
      timeoutMs: resolveLimits(getEnv().CONTINUATION_LIMITS).maxTimeoutSeconds * 1_000,
    }),
    /** Fail fast: synchronous, but gives up after FAIL_FAST_TIMEOUT_MS (5 s by default). */
    lookUpWarrantyFailFast: synchronousAction(GetWarrantyInputSchema, getWarranty, {
      timeoutMs: getEnv().FAIL_FAST_TIMEOUT_MS,
    }),
  };
}
