import type { DomainTransaction } from "../define/register";
import type { Logger } from "../logger";
import { takeoverEvent } from "../store/fresh";
import type { NewEvent } from "../store/model";
import type { ContinuationStore } from "../store/store";
import type { Dispatcher } from "./dispatcher";
import { describe } from "./step-values";

/** How many continuations one claim takes at most; recovery repeats until none is left. */
const CLAIM_BATCH = 500;
/** How often old timeline events are pruned. */
const PRUNE_EVERY_MS = 60 * 60 * 1000;

export interface Leases {
  /**
   * Takes over every unfinished continuation no live instance holds (with `includeOwn`, also
   * this instance's own from before a restart) and hands each to the dispatcher. Returns how many.
   */
  resume(includeOwn: boolean): Promise<number>;
  /** Renews this instance's leases and takes over expired ones, in the background, until `stop`. */
  keep(): void;
  /** Stops the background work and ends this instance's leases at once (another takes over). */
  stop(): Promise<void>;
}

/**
 * Leases and recovery. Every lease an instance holds is renewed by one set-based statement on
 * the lease owner (no list of ids, so no bound-parameter limit, whatever the count); recovery
 * claims expired leases in batches and never re-reads what this instance already holds.
 */
export function createLeases(deps: {
  store: ContinuationStore<DomainTransaction>;
  dispatcher: Dispatcher;
  instanceId: string;
  leaseMs: number;
  recoveryIntervalMs: number;
  /** Timeline events older than this are pruned. */
  eventRetentionMs: number;
  logger: Logger;
  now: () => Date;
  /** Told of the takeovers' events (written by `claim`), after the commit. */
  committed: (events: readonly NewEvent[]) => void;
}): Leases {
  const { store, dispatcher, instanceId, logger, now } = deps;
  const timers: NodeJS.Timeout[] = [];
  let stopped = false;
  const until = () => new Date(now().getTime() + deps.leaseMs);

  async function resume(includeOwn: boolean): Promise<number> {
    let taken = 0;
    for (;;) {
      if (stopped) return taken;
      const at = now();
      const claimed = await store.claim({
        owner: instanceId,
        until: until(),
        now: at,
        limit: CLAIM_BATCH,
        includeOwn,
      });
      deps.committed(claimed.map((c) => takeoverEvent(c, instanceId, c.takenFrom, at)));
      for (const { takenFrom: _, ...c } of claimed) {
        if (dispatcher.holds(c.id)) continue;
        dispatcher.adopt(c);
        taken++;
      }
      if (claimed.length < CLAIM_BATCH) break;
    }
    if (taken > 0) logger.info("runtime.resumed", { instanceId, count: taken });
    return taken;
  }

  function every(ms: number, work: () => Promise<unknown>): void {
    let busy = false;
    const timer = setInterval(() => {
      if (busy || stopped) return;
      busy = true;
      work()
        .catch((error: unknown) => logger.error("runtime.background_failed", { error: describe(error) }))
        .finally(() => (busy = false));
    }, ms);
    timer.unref();
    timers.push(timer);
  }

  return {
    resume,
    keep() {
      every(Math.max(250, Math.floor(deps.leaseMs / 3)), () => store.renewLeases(instanceId, until()));
      every(deps.recoveryIntervalMs, () => resume(false));
      // Each pass covers the continuations created since the last one's cutoff; the first, one
      // retention period back from its cutoff (what an instance down that long left behind).
      let prunedBefore: Date | null = null;
      const prune = async () => {
        const before = new Date(now().getTime() - deps.eventRetentionMs);
        const from = prunedBefore ?? new Date(before.getTime() - deps.eventRetentionMs);
        const pruned = await store.pruneEvents(from, before);
        prunedBefore = before;
        return pruned;
      };
      void prune().catch((error: unknown) =>
        logger.error("runtime.prune_failed", { error: describe(error) }),
      );
      every(PRUNE_EVERY_MS, prune);
    },
    async stop() {
      stopped = true;
      for (const timer of timers) clearInterval(timer);
      await store
        .releaseLeases(instanceId)
        .catch((error: unknown) => logger.error("runtime.release_failed", { error: describe(error) }));
    },
  };
}
