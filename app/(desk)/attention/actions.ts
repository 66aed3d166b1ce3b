"use server";

import { z } from "zod";
import { dismissAttention } from "@/lib/attention/dismiss-attention";
import { invalidInput, type ActionResult } from "@/lib/continuation";
import { attentionDeps } from "@/lib/server/attention";
import { getSignedInAgent } from "@/lib/server/session";

const ItemIdSchema = z.uuid({ error: "must be the id of an item of yours" });

/** Dismiss: hides one failed item from the signed-in agent's worklist. */
export async function dismissAttentionAction(id: string): Promise<ActionResult<{ id: string }>> {
  const agent = await getSignedInAgent();
  if (!agent) {
    return {
      ok: false,
      error: { code: "UNAUTHENTICATED", message: "Your session has ended. Please sign in again." },
    };
  }
  const parsed = ItemIdSchema.safeParse(id);
  if (!parsed.success) return { ok: false, error: invalidInput(parsed.error) };
  return dismissAttention(attentionDeps(), agent.id, parsed.data);
}
