import type { DomainTransaction } from "../define/register";
import { EventEmitter } from "node:events";
import type { ContinuationChange } from "../store/model";
import type { ContinuationStore } from "../store/store";
import type { ContinuationView } from "./view";

/**
 * A transition as subscribers receive it. `view` is the owner's view after the change when the
 * instance that made it had it in hand (its own transitions): no read needed. Changes relayed
 * from other instances carry no view.
 */
export interface ChangeEvent extends ContinuationChange {
  view?: ContinuationView;
}

/** The runtime's change feed: its own transitions, and other instances' through the store. */
export interface ChangeFeed {
  emit(change: ChangeEvent): void;
  subscribe(listener: (change: ChangeEvent) => void): () => void;
  onClose(listener: () => void): () => void;
  /** Relays the store's changes from other instances (and hands each to `also`) until closed. */
  relayFrom(store: ContinuationStore<DomainTransaction>, also: (change: ChangeEvent) => void): void;
  close(): void;
}

export function createChangeFeed(): ChangeFeed {
  const events = new EventEmitter().setMaxListeners(0);
  let unwatch = () => {};
  return {
    emit: (change) => void events.emit("change", change),
    subscribe(listener) {
      events.on("change", listener);
      return () => void events.off("change", listener);
    },
    onClose(listener) {
      events.once("closed", listener);
      return () => void events.off("closed", listener);
    },
    relayFrom(store, also) {
      unwatch = store.watch((change) => {
        also(change);
        events.emit("change", change);
      });
    },
    close() {
      unwatch();
      events.emit("closed");
      events.removeAllListeners();
    },
  };
}
