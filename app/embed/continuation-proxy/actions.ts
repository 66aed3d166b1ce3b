"use server";

import type { ActionResult, ContinuationView } from "@/lib/continuation";
import { EMBEDDABLE_ACTIONS, InvocationIdSchema, type EmbeddableAction } from "@/lib/embed/protocol";
import { createOrder, CreateOrderInputSchema } from "@/lib/orders/create-order";
import { continuationAction, getRuntime } from "@/lib/server/runtime";
import { getSignedInAgent } from "@/lib/server/session";
import { getWarranty, GetWarrantyInputSchema } from "@/lib/warranty/get-warranty";

// An invocation is filed under its own subject, `embed:<action>:<invocationId>`: that is the desk's
// record of it (written in the commit that starts it), so a reloaded frame finds it again, and a
// replayed id is refused. (So an embedded lookup is not shown as the product's latest in the desk.)
const subjectOf = (action: EmbeddableAction, invocationId: string) => `embed:${action}:${invocationId}`;
const ACTIONS = Object.keys(EMBEDDABLE_ACTIONS) as EmbeddableAction[];

const start = {
  getWarranty: continuationAction(
    GetWarrantyInputSchema.extend({ invocationId: InvocationIdSchema }),
    ({ productId }, context) => getWarranty({ productId }, context),
    { subject: (input) => subjectOf("getWarranty", input.invocationId) },
  ),
  createOrder: continuationAction(
    CreateOrderInputSchema.extend({ invocationId: InvocationIdSchema }),
    ({ invocationId: _, ...order }, context) => createOrder(order, context),
    { subject: (input) => subjectOf("createOrder", input.invocationId) },
  ),
} satisfies Record<EmbeddableAction, unknown>;

/**
 * Starts an embedded action for the signed-in agent (the proxy frame's `invoke`, already parsed
 * there and checked again here): a ticket, or the action's failure; `DUPLICATE_INVOCATION` when the
 * agent already has an invocation with this id.
 */
export async function invokeEmbedded(
  invocationId: string,
  action: EmbeddableAction,
  input: Record<string, unknown>,
): Promise<ActionResult<{ ticket: string }>> {
  if (!ACTIONS.includes(action)) {
    return { ok: false, error: { code: "UNKNOWN_ACTION", message: "That action cannot be embedded." } };
  }
  const agent = await getSignedInAgent();
  if (agent && InvocationIdSchema.safeParse(invocationId).success) {
    const known = await getRuntime().latestBySubject(
      agent.id,
      ACTIONS.map((name) => subjectOf(name, invocationId)),
    );
    if (known.length > 0) {
      const message = "This invocation id has been used; resume it, or invoke again with a new id.";
      return { ok: false, error: { code: "DUPLICATE_INVOCATION", message } };
    }
  }
  const started = await start[action]({ ...input, invocationId } as never);
  return started.ok ? { ok: true, data: { ticket: started.data.id } } : started;
}

/** The signed-in agent's invocations among `invocationIds`, each with its action and latest view. */
export async function resumeEmbedded(
  invocationIds: string[],
): Promise<{ invocationId: string; action: EmbeddableAction; view: ContinuationView }[] | null> {
  const agent = await getSignedInAgent();
  if (!agent) return null;
  const ids = invocationIds.filter((id) => InvocationIdSchema.safeParse(id).success).slice(0, 50);
  const subjects = ids.flatMap((id) => ACTIONS.map((action) => subjectOf(action, id)));
  const views = await getRuntime().latestBySubject(agent.id, subjects);
  return views.flatMap((view) => {
    const [, action, invocationId] = view.subject?.split(":") ?? [];
    return ACTIONS.includes(action as EmbeddableAction) && invocationId
      ? [{ invocationId, action: action as EmbeddableAction, view }]
      : [];
  });
}
