import "server-only";

const g = globalThis as unknown as { __warrantyDeskSingletons?: Map<string, unknown> };

/**
 * The process's one `name`, made on first use. Kept on `globalThis` so that a module reloaded in
 * development (Next.js hot reload) finds the same value instead of opening a second one.
 */
export function singleton<Value>(name: string, make: () => Value): Value {
  const values = (g.__warrantyDeskSingletons ??= new Map());
  if (!values.has(name)) values.set(name, make());
  return values.get(name) as Value;
}
