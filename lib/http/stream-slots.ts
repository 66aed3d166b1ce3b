/** A cap on long-lived responses (event streams) per key, on this instance. */
export interface StreamSlots {
  /** Takes a slot for `key`: the function that gives it back, or null when `key` holds them all. */
  take(key: string): (() => void) | null;
  /** How many slots `key` holds now. */
  held(key: string): number;
}

/** At most `max` slots per key; giving one back twice is harmless. */
export function createStreamSlots(max: number): StreamSlots {
  const open = new Map<string, number>();
  return {
    take(key) {
      const count = open.get(key) ?? 0;
      if (count >= max) return null;
      open.set(key, count + 1);
      let given = false;
      return () => {
        if (given) return;
        given = true;
        const left = (open.get(key) ?? 1) - 1;
        if (left > 0) open.set(key, left);
        else open.delete(key);
      };
    },
    held: (key) => open.get(key) ?? 0,
  };
}
