"use server";

import { redirect } from "next/navigation";
import { endSession } from "@/lib/auth/session";
import { cancelContinuation, continuationAction } from "@/lib/runtime";
import { getWarranty, GetWarrantyInputSchema } from "@/lib/warranty/get-warranty";
import { warrantySubject } from "@/lib/warranty/warranty-outcome";

/** Get warranty: returns a ticket at once; the ERP is asked off the request path. */
export const getWarrantyAction = continuationAction(GetWarrantyInputSchema, getWarranty, {
  subject: (input) => warrantySubject(input.productId),
  reusePending: true,
});

/** Cancel: stops a pending lookup of the signed-in agent's (the callback never runs). */
export async function cancelAction(id: string) {
  return cancelContinuation(id);
}

export async function signOut(): Promise<void> {
  await endSession();
  redirect("/sign-in");
}
