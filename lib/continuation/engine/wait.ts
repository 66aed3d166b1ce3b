import { ContinuationError } from "../errors";
import type { Runtime } from "./runtime-api";
import type { ContinuationView } from "./view";

/**
 * Resolves once the continuation has finished (`Runtime.waitUntilFinished`): told by the change
 * feed, checked once at the start; rejects `WAIT_TIMEOUT` or `NOT_FOUND`.
 */
export function waitUntilFinished(
  runtime: Runtime,
  id: string,
  ownerId: string,
  timeoutMs: number,
): Promise<ContinuationView> {
  return new Promise<ContinuationView>((resolve, reject) => {
    let settled = false;
    const finish = (settle: () => void) => {
      if (settled) return;
      settled = true;
      clearTimeout(timer);
      unsubscribe();
      settle();
    };
    const check = async () => {
      const view = await runtime.view(id, ownerId);
      if (!view) return finish(() => reject(new ContinuationError("NOT_FOUND", `No continuation ${id}.`)));
      if (view.status !== "pending") finish(() => resolve(view));
    };
    const unsubscribe = runtime.subscribe((change) => {
      if (change.id !== id || change.status === "pending") return;
      if (change.view && change.ownerId === ownerId) finish(() => resolve(change.view!));
      else void check().catch((e: unknown) => finish(() => reject(e)));
    });
    const timer = setTimeout(
      () => finish(() => reject(new ContinuationError("WAIT_TIMEOUT", `Continuation ${id} still pending.`))),
      timeoutMs,
    );
    void check().catch((e: unknown) => finish(() => reject(e)));
  });
}
