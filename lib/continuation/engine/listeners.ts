// Listener sets for the runtime's after-commit hooks (events, breaker transitions).

/** Adds `listener`; returns the function that removes it. */
export function subscribeTo<T>(listeners: Set<(value: T) => void>, listener: (value: T) => void): () => void {
  listeners.add(listener);
  return () => void listeners.delete(listener);
}

/** Calls every listener; one that throws is skipped, never the caller's problem. */
export function tell<T>(listeners: ReadonlySet<(value: T) => void>, value: T): void {
  for (const listener of listeners) {
    try {
      listener(value);
    } catch {
      // A listener's failure (a metrics bug) must not break the runtime.
    }
  }
}
