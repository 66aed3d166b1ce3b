"use server";

import { revalidatePath } from "next/cache";
import { z } from "zod";
import { invalidInput, type ActionResult } from "@/lib/continuation";
import { probeBreaker, resetBreaker, type ProbeOutcome, type ResetOutcome } from "@/lib/ops/operate-breaker";
import type { OperatorActor, OpsDeps } from "@/lib/ops/ops-deps";
import { opsDeps } from "@/lib/server/ops";
import { requireOperator } from "@/lib/server/session";

const CredentialSchema = z
  .string({ error: "Name a breaker." })
  .regex(/^[A-Za-z0-9_]{1,64}$/, { error: "A breaker is named by its credential, e.g. ERP." });

/**
 * An operator's breaker action from a form: 404 for anyone but an operator (checked here, not
 * only on the page), the credential parsed, the work done, the page shown again with the outcome.
 */
async function breakerAction<T>(
  form: unknown,
  work: (deps: OpsDeps, actor: OperatorActor, credential: string) => Promise<ActionResult<T>>,
): Promise<ActionResult<T>> {
  const operator = await requireOperator();
  const parsed = CredentialSchema.safeParse(form instanceof FormData ? form.get("credential") : undefined);
  if (!parsed.success) return { ok: false, error: invalidInput(parsed.error) };
  const result = await work(opsDeps(), operator, parsed.data);
  revalidatePath("/ops/breakers");
  return result;
}

/** Probe: one request to the credential's health check, past the breaker; recorded. */
export async function probeBreakerAction(
  _previous: unknown,
  form: unknown,
): Promise<ActionResult<ProbeOutcome>> {
  return breakerAction(form, probeBreaker);
}

/** Reset: closes the credential's breaker on this instance and forgets its failures; recorded. */
export async function resetBreakerAction(
  _previous: unknown,
  form: unknown,
): Promise<ActionResult<ResetOutcome>> {
  return breakerAction(form, resetBreaker);
}
