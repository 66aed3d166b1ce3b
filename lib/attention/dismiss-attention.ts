import "server-only";
import type { ActionResult } from "@/lib/continuation";
import { listAttention, type AttentionDeps } from "./list-attention";

/**
 * Hides one failed item from the agent's worklist (nothing else changes; Retry stays possible on
 * its page). Only an item the agent's worklist shows now may be dismissed: `NOT_FOUND` for
 * anything else (another agent's work, completed work, an unknown id), `NOT_DISMISSABLE` for an
 * order the ERP created but the desk has not recorded, or work still waiting for the ERP.
 * Dismissing twice is harmless.
 */
export async function dismissAttention(
  deps: AttentionDeps,
  agentId: string,
  continuationId: string,
): Promise<ActionResult<{ id: string }>> {
  const item = (await listAttention(deps, agentId)).find((x) => x.id === continuationId);
  if (!item) return { ok: false, error: { code: "NOT_FOUND", message: "Nothing of yours to dismiss." } };
  if (!item.canDismiss) {
    return {
      ok: false,
      error: {
        code: "NOT_DISMISSABLE",
        message: item.erpNumber
          ? `Order ${item.erpNumber} exists in the ERP: Retry records it on the desk.`
          : "It is still waiting for the ERP.",
      },
    };
  }
  await deps.db.attentionDismissal.upsert({
    where: { agentId_continuationId: { agentId, continuationId } },
    create: { agentId, continuationId },
    update: {},
  });
  return { ok: true, data: { id: continuationId } };
}
