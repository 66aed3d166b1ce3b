// A cheap structural check of a server action's arguments as the browser encodes them (React's
// `encodeReply`), run before Next.js decodes them. Next.js 16.4 answers 500 when React's
// `decodeReply` throws on a malformed body (a truncated row, arguments nested thousands deep) or
// when the arguments are not a list at all (`"$undefined"`: `executeActionAndPrepareForRender` reads
// `args.length` of `undefined`). Checking the shape here turns those into a 400.
//
// The encoding, as far as this check relies on it (react-server-dom-*/client `processReply`):
//   - a text body is the argument list itself, one JSON array;
//   - a multipart body has the argument list in field "0", further JSON rows in fields named by a
//     number ("1", "2", …; a Blob under such a name is binary data), and a FormData argument's own
//     entries under "<n>_<name>" (the user's text, never parsed, so not checked here).
// A form posted without JavaScript (no Next-Action header) carries its bound arguments the same way
// in fields named "$ACTION_<n>:<k>".

/** Arguments nested deeper than this are refused (the desk's actions take flat objects). */
export const MAX_ARGUMENT_DEPTH = 32;
/** At most this many JSON rows in one multipart body (the desk's actions send one or two). */
export const MAX_ARGUMENT_ROWS = 64;
/** At most this many arguments (Next.js itself stops at 1,000). */
export const MAX_ARGUMENTS = 16;

const JSON_ROW = /^\d+$/;
const NO_SCRIPT_ROW = /^\$ACTION_\d+:\d+$/;

/** The depth of the deepest array or object in JSON text, scanning no further than `limit + 1`. */
export function jsonDepth(text: string, limit = MAX_ARGUMENT_DEPTH): number {
  let depth = 0;
  let deepest = 0;
  let inString = false;
  for (let i = 0; i < text.length; i++) {
    const char = text[i];
    if (inString) {
      if (char === "\\") i++;
      else if (char === '"') inString = false;
    } else if (char === '"') inString = true;
    else if (char === "[" || char === "{") {
      deepest = Math.max(deepest, ++depth);
      if (deepest > limit) return deepest;
    } else if (char === "]" || char === "}") depth--;
  }
  return deepest;
}

/** Why one JSON row of the arguments cannot be decoded, or null. `what` names it in the sentence. */
function rowProblem(text: string, what: string): string | null {
  if (jsonDepth(text) > MAX_ARGUMENT_DEPTH)
    return `${what} are nested deeper than ${MAX_ARGUMENT_DEPTH} levels.`;
  try {
    JSON.parse(text);
    return null;
  } catch {
    return `${what} are not complete JSON (was the body cut short?).`;
  }
}

/**
 * Why a server action's argument list cannot be decoded, or null when it is a JSON array of
 * reasonable depth and length. It is the whole text body of a call (or field "0" of a multipart
 * one); the sentence is fit for the 400 answer.
 */
export function findTextReplyProblem(text: string): string | null {
  const problem = rowProblem(text, "The arguments");
  if (problem) return problem;
  const value: unknown = JSON.parse(text);
  if (!Array.isArray(value)) return "The arguments must be a list.";
  if (value.length > MAX_ARGUMENTS) return `A server action takes at most ${MAX_ARGUMENTS} arguments.`;
  return null;
}

/**
 * Why the multipart body of a server action call (already parsed into `form`) cannot be decoded,
 * or null. `hasActionHeader`: a call from the page's JavaScript (its arguments are in field "0");
 * without it, a form posted before the page was interactive (only its "$ACTION_" rows are checked).
 */
export function findFormReplyProblem(form: FormData, hasActionHeader: boolean): string | null {
  let rows = 0;
  for (const [name, value] of form) {
    const isRow = hasActionHeader ? JSON_ROW.test(name) : NO_SCRIPT_ROW.test(name);
    if (!isRow || typeof value !== "string") continue;
    if (++rows > MAX_ARGUMENT_ROWS) return `The arguments take more than ${MAX_ARGUMENT_ROWS} parts.`;
    const problem =
      name === "0" ? findTextReplyProblem(value) : rowProblem(value, `The arguments (part ${name})`);
    if (problem) return problem;
  }
  if (hasActionHeader && typeof form.get("0") !== "string") return "The arguments are missing (field 0).";
  return null;
}
