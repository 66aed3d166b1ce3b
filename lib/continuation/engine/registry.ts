import type { AnyCallback } from "../define/continuation";
import { InvalidRequestError } from "../errors";

/** The callbacks a runtime may run, by their persisted name. */
export interface Registry {
  get(name: string): AnyCallback | undefined;
  has(name: string): boolean;
}

/** Builds the registry; two different callbacks under one name are refused at start-up. */
export function createRegistry(callbacks: readonly AnyCallback[]): Registry {
  const byName = new Map<string, AnyCallback>();
  for (const callback of callbacks) {
    const known = byName.get(callback.name);
    if (known && known !== callback) {
      throw new InvalidRequestError(`Two callbacks are registered under the name "${callback.name}".`);
    }
    byName.set(callback.name, callback);
  }
  return { get: (name) => byName.get(name), has: (name) => byName.has(name) };
}
