/** Counters served by `GET /__admin/stats`. */
export interface StatsSnapshot {
  /** Requests per route pattern key; a key is absent until its route is first hit. */
  requests: Record<string, number>;
  ordersCreated: number;
  idempotentReplays: number;
}

/** Mutable request and order counters of one server. */
export interface ErpStats {
  countRequest(routeKey: string): void;
  countOrderCreated(): void;
  countIdempotentReplay(): void;
  snapshot(): StatsSnapshot;
  reset(): void;
}

/** Creates zeroed counters. */
export function createStats(): ErpStats {
  let requests = new Map<string, number>();
  let ordersCreated = 0;
  let idempotentReplays = 0;
  return {
    countRequest(routeKey) {
      requests.set(routeKey, (requests.get(routeKey) ?? 0) + 1);
    },
    countOrderCreated() {
      ordersCreated += 1;
    },
    countIdempotentReplay() {
      idempotentReplays += 1;
    },
    snapshot() {
      return { requests: Object.fromEntries(requests), ordersCreated, idempotentReplays };
    },
    reset() {
      requests = new Map();
      ordersCreated = 0;
      idempotentReplays = 0;
    },
  };
}
