// From the desk's views of an invocation's continuation to the messages the proxy sends the host.
import type { ContinuationView } from "@/lib/continuation/engine/view";
import {
  EMBED_PROTOCOL,
  EMBEDDABLE_ACTIONS,
  type EmbeddableAction,
  type EmbedErrorCode,
  type ErrorMessage,
  type InvocationId,
  MAX_ERROR_MESSAGE_LENGTH,
  MAX_MESSAGE_BYTES,
  MAX_STEPS,
  type ProgressMessage,
  type ResultMessage,
  toEmbedErrorCode,
} from "./protocol";
import { OrderResultSchema } from "@/lib/orders/order-views";
import { WarrantyOutcomeSchema } from "@/lib/warranty/warranty-outcome";
import { jsonBytes, shorten } from "./parse";

/**
 * What the proxy tells the host about a view of an invocation's continuation (from the event
 * stream, or a read after `resume`): `progress` while it is pending; `result` once completed, its
 * value checked against the action's result schema; `error` once failed or cancelled. A result that
 * does not match its schema, or would not fit in `MAX_MESSAGE_BYTES`, becomes `error INTERNAL`.
 */
export function messageForView(
  invocationId: InvocationId,
  action: EmbeddableAction,
  view: ContinuationView,
): ProgressMessage | ResultMessage | ErrorMessage {
  const error = (code: EmbedErrorCode, message: string): ErrorMessage => ({
    protocol: EMBED_PROTOCOL,
    type: "error",
    invocationId,
    code,
    message: shorten(message, MAX_ERROR_MESSAGE_LENGTH),
  });
  switch (view.status) {
    case "pending": {
      const steps = EMBEDDABLE_ACTIONS[action].steps;
      return {
        protocol: EMBED_PROTOCOL,
        type: "progress",
        invocationId,
        step: Math.min(view.step, (steps?.length ?? MAX_STEPS) - 1),
        status: view.callouts.some((callout) => callout.state === "done") ? "receiving" : "sent",
        ...(steps && { steps: [...steps] }),
      };
    }
    case "completed": {
      const message = resultMessage(invocationId, action, view.result);
      if (!message) return error("INTERNAL", "The desk's result could not be read.");
      const bytes = jsonBytes(message);
      if (bytes === null || bytes > MAX_MESSAGE_BYTES) {
        return error("INTERNAL", "The result is too large to send to this page; open it in the desk.");
      }
      return message;
    }
    case "cancelled":
      return error("CANCELLED", view.error?.message ?? "Cancelled before the ERP answered.");
    case "failed":
      return error(
        toEmbedErrorCode(view.error?.code ?? "INTERNAL"),
        view.error?.message ?? "The request failed because of an internal error.",
      );
  }
}

function resultMessage(
  invocationId: InvocationId,
  action: EmbeddableAction,
  result: unknown,
): ResultMessage | null {
  const base = { protocol: EMBED_PROTOCOL, type: "result", invocationId } as const;
  if (action === "getWarranty") {
    const value = WarrantyOutcomeSchema.safeParse(result);
    return value.success ? { ...base, action, value: value.data } : null;
  }
  const value = OrderResultSchema.safeParse(result);
  return value.success ? { ...base, action, value: value.data } : null;
}
