import "server-only";
import { z } from "zod";
import { continuation, ContinuationFailure, defineCallback, type ActionContext } from "@/lib/continuation";
import { readWarranty, warrantyRequest } from "@/lib/erp/warranty";
import type { WarrantyOutcome } from "./warranty-outcome";

export const GetWarrantyInputSchema = z.object({
  productId: z.string().trim().min(1, "is required").max(64, "is too long"),
});
export type GetWarrantyInput = z.infer<typeof GetWarrantyInputSchema>;

const WarrantyStateSchema = z.object({ productId: z.string(), serial: z.string() });

/** Runs when the ERP has answered: records the check and returns what the desk shows. */
export const warrantyReceived = defineCallback({
  name: "warranty.received",
  labels: ["warranty"],
  state: WarrantyStateSchema,
  async run({ state, responses, tx, ownerId, continuationId }): Promise<WarrantyOutcome> {
    const answer = readWarranty(responses.warranty);
    const outcome: WarrantyOutcome = answer.found
      ? { outcome: answer.status, serial: state.serial, endDate: answer.endDate }
      : { outcome: "not_found", serial: state.serial };
    await tx.warrantyCheck.create({
      data: {
        continuationId,
        productId: state.productId,
        agentId: ownerId,
        outcome: outcome.outcome,
        endDate: outcome.outcome === "not_found" ? null : new Date(`${outcome.endDate}T00:00:00Z`),
      },
    });
    return outcome;
  },
});

/** Starts a warranty lookup for a product: one callout to the ERP, nothing written yet. */
export async function getWarranty(input: GetWarrantyInput, { db }: ActionContext) {
  const product = await db.product.findUnique({ where: { id: input.productId } });
  if (!product) throw new ContinuationFailure("PRODUCT_NOT_FOUND", `No product with id ${input.productId}.`);
  return continuation({
    callback: warrantyReceived,
    state: { productId: product.id, serial: product.serialNumber },
    requests: { warranty: warrantyRequest(product.serialNumber) },
  });
}
