import "server-only";
import { z } from "zod";
import { strictInput } from "@/lib/input";
import { continuation, type ActionContext } from "@/lib/continuation";
import { warrantyRequest } from "@/lib/erp/warranty";
import { warrantyReceived } from "./get-warranty";
import { serialNumber } from "./serial-number";

export const GetWarrantyBySerialInputSchema = strictInput({ serial: serialNumber() });
export type GetWarrantyBySerialInput = z.infer<typeof GetWarrantyBySerialInputSchema>;

/**
 * Starts a warranty lookup for a serial number an agent typed, whether or not it is in the desk's
 * product list: the same chain as Get warranty (`warranty.received`, then the extension offers
 * when it has expired). A serial of a catalogue product is still a lookup by serial (filed under
 * its serial, shown with the agent's serial lookups); its check is recorded against the product too.
 */
export async function getWarrantyBySerial(input: GetWarrantyBySerialInput, { db }: ActionContext) {
  const product = await db.product.findUnique({
    where: { serialNumber: input.serial },
    select: { id: true },
  });
  return continuation({
    callback: warrantyReceived,
    state: product ? { productId: product.id, serial: input.serial } : { serial: input.serial },
    requests: { warranty: warrantyRequest(input.serial) },
  });
}
