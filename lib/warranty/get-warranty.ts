import "server-only";
import { z } from "zod";
import { lineOfText, strictInput } from "@/lib/input";
import {
  continuation,
  ContinuationFailure,
  defineCallback,
  type ActionContext,
  type DomainTransaction,
} from "@/lib/continuation";
import { extensionRequest, readExtensionOffers, readWarranty, warrantyRequest } from "@/lib/erp/warranty";
import type { WarrantyOutcome } from "./warranty-outcome";

export const GetWarrantyInputSchema = strictInput({
  productId: lineOfText().min(1, "is required").max(64, "is too long"),
});
export type GetWarrantyInput = z.infer<typeof GetWarrantyInputSchema>;

// The product is absent for a lookup by serial number alone (get-warranty-by-serial.ts); state
// persisted before that existed always has one, and still parses.
const WarrantyStateSchema = z.object({ productId: z.string().optional(), serial: z.string() });

function recordCheck(
  tx: DomainTransaction,
  check: { continuationId: string; productId?: string; agentId: string; outcome: WarrantyOutcome },
) {
  const { outcome } = check;
  return tx.warrantyCheck.create({
    data: {
      continuationId: check.continuationId,
      productId: check.productId ?? null,
      serial: outcome.serial,
      agentId: check.agentId,
      outcome: outcome.outcome,
      endDate: outcome.outcome === "not_found" ? null : new Date(`${outcome.endDate}T00:00:00Z`),
    },
  });
}

/**
 * Step 2 (expired warranties only): the extension offers are in. The lookup itself succeeded,
 * so an ERP failure here is shown beside the expiry date instead of failing the lookup.
 */
export const extensionOffersReceived = defineCallback({
  name: "warranty.extension-offers-received",
  labels: ["extension"],
  state: WarrantyStateSchema.extend({ endDate: z.string() }),
  async run({ state, responses, tx, ownerId, continuationId }): Promise<WarrantyOutcome> {
    let outcome: WarrantyOutcome;
    try {
      const offers = readExtensionOffers(responses.extension);
      outcome = {
        outcome: "expired",
        serial: state.serial,
        endDate: state.endDate,
        offers,
        offersError: null,
      };
    } catch (error) {
      if (!(error instanceof ContinuationFailure)) throw error;
      outcome = {
        outcome: "expired",
        serial: state.serial,
        endDate: state.endDate,
        offers: null,
        offersError: error.message,
      };
    }
    await recordCheck(tx, { continuationId, productId: state.productId, agentId: ownerId, outcome });
    return outcome;
  },
});

/** Step 1: the ERP has answered the lookup. An expired warranty goes on to ask for extension offers. */
export const warrantyReceived = defineCallback({
  name: "warranty.received",
  labels: ["warranty"],
  state: WarrantyStateSchema,
  async run({ state, responses, tx, ownerId, continuationId }) {
    const answer = readWarranty(responses.warranty);
    if (answer.found && answer.status === "expired") {
      return continuation({
        callback: extensionOffersReceived,
        state: { ...state, endDate: answer.endDate },
        requests: { extension: extensionRequest(state.serial) },
      });
    }
    const outcome: WarrantyOutcome = answer.found
      ? { outcome: "active", serial: state.serial, endDate: answer.endDate }
      : { outcome: "not_found", serial: state.serial };
    await recordCheck(tx, { continuationId, productId: state.productId, agentId: ownerId, outcome });
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
