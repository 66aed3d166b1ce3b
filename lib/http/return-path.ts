// Where the sign-in page sends an agent afterwards (`/sign-in?next=…`). Not `server-only`: proxy.ts
// imports the header name, and the check is pure.

/** The request header proxy.ts sets to the page's path and query, for `requireAgent`'s `next`. */
export const REQUEST_PATH_HEADER = "x-warranty-desk-path";

/** Longer than any desk address; a longer `next` is refused rather than carried around. */
const MAX_RETURN_PATH = 2048;

// Control characters (a URL parser drops tab and newline, so "/\t/evil.example" would become
// "//evil.example") and the backslash (browsers read "/\evil.example" as "//evil.example").
const UNSAFE = /[\u0000-\u001f\u007f\\]/;

const BASE = "http://desk.invalid";

/**
 * `value` if it is a path on this site to return to after signing in, else null: a string
 * starting with a single "/" (not "//", which names another host), without control characters or
 * backslashes, at most 2048 characters, that resolves to this origin.
 */
export function safeReturnPath(value: unknown): string | null {
  if (typeof value !== "string" || value.length > MAX_RETURN_PATH) return null;
  if (!value.startsWith("/") || value.startsWith("//") || UNSAFE.test(value)) return null;
  try {
    return new URL(value, BASE).origin === BASE ? value : null;
  } catch {
    return null;
  }
}

/** The sign-in page that returns to `path` afterwards (plain `/sign-in` for the desk's home or an unsafe path). */
export function signInPath(path: unknown): string {
  const next = safeReturnPath(path);
  return next && next !== "/" ? `/sign-in?next=${encodeURIComponent(next)}` : "/sign-in";
}
