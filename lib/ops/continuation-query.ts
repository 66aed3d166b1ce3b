import { z } from "zod";
import type { ContinuationFilter, ContinuationStatus } from "@/lib/continuation";
import { instantIn } from "./zoned-time";

export const CONTINUATION_STATUSES = [
  "pending",
  "completed",
  "failed",
  "cancelled",
] as const satisfies readonly ContinuationStatus[];

/** The most continuations the console lists at once (the newest; stuck ones first). */
export const OPS_LIST_LIMIT = 200;

/** What a URL query of the console may hold: Next.js hands repeated keys as arrays. */
export type SearchParams = Record<string, string | string[] | undefined>;

/** The console's filter as typed into its form (strings, to fill the form in again). */
export interface ContinuationQueryText {
  status: string;
  callback: string;
  agent: string;
  from: string;
  to: string;
}

/** A checked filter: the store's, plus the agent's username (resolved to an id by the lister). */
export interface ContinuationQuery {
  statuses: ContinuationStatus[];
  callbackName: string | null;
  agent: string | null;
  from: Date | null;
  to: Date | null;
}

const text = (label: string) =>
  z
    .union([z.string(), z.array(z.string())], { error: `${label}: give text.` })
    .optional()
    .refine((v) => !Array.isArray(v) || v.length <= 1, `${label}: give one value, not several.`)
    .transform((v) => (Array.isArray(v) ? v[0] : v)?.trim() ?? "")
    .refine((v) => v.length <= 100, `${label}: at most 100 characters.`);

/** `schema`, then `isValid` of its value, else an issue saying `message(value)`. */
const checked = (
  schema: ReturnType<typeof text>,
  isValid: (v: string) => boolean,
  message: (v: string) => string,
) =>
  schema.transform((v, ctx) => {
    if (isValid(v)) return v;
    ctx.addIssue({ code: "custom", message: message(v) });
    return z.NEVER;
  });

const localTime = (label: string, timeZone: string) =>
  text(label).transform((v, ctx) => {
    if (v === "") return null;
    const at = instantIn(v, timeZone);
    if (!at) {
      ctx.addIssue({
        code: "custom",
        message: `${label}: "${v}" is not a date and time like 2026-12-05T14:30.`,
      });
      return z.NEVER;
    }
    return at;
  });

/**
 * The schema of the console's URL query (`status`, `callback`, `agent`, `from`, `to`): every key
 * optional, unknown keys ignored (a shared link may carry others). `from` and `to` are wall-clock
 * times in the operator's `timeZone`; `callback` must be one of `callbackNames`.
 */
export function continuationQuerySchema(options: { callbackNames: readonly string[]; timeZone: string }) {
  const names = new Set(options.callbackNames);
  return z
    .object({
      status: checked(
        text("Status"),
        (v) => v === "" || (CONTINUATION_STATUSES as readonly string[]).includes(v),
        (v) => `Status: "${v}" is not one of ${CONTINUATION_STATUSES.join(", ")}.`,
      ),
      callback: checked(
        text("Callback"),
        (v) => v === "" || names.has(v),
        (v) => `Callback: no callback is named "${v}".`,
      ),
      agent: checked(
        text("Agent"),
        (v) => v === "" || /^[a-z0-9._-]+$/i.test(v),
        (v) => `Agent: "${v}" is not an agent name.`,
      ),
      from: localTime("Created from", options.timeZone),
      to: localTime("Created before", options.timeZone),
    })
    .refine((q) => !q.from || !q.to || q.from < q.to, {
      message: "Created from must be earlier than Created before.",
      path: ["to"],
    })
    .transform((q): ContinuationQuery => ({
      statuses: q.status ? [q.status as ContinuationStatus] : [],
      callbackName: q.callback || null,
      agent: q.agent ? q.agent.toLowerCase() : null,
      from: q.from,
      to: q.to,
    }));
}

/** The query as typed, for the form (first value of each key; anything else is empty). */
export function queryText(params: SearchParams): ContinuationQueryText {
  const first = (key: string) => {
    const value = params[key];
    return (Array.isArray(value) ? value[0] : value) ?? "";
  };
  return {
    status: first("status"),
    callback: first("callback"),
    agent: first("agent"),
    from: first("from"),
    to: first("to"),
  };
}

/**
 * Checks a URL query against `continuationQuerySchema`: the filter, or every problem as a
 * sentence to show above the form.
 */
export function parseContinuationQuery(
  params: SearchParams,
  options: { callbackNames: readonly string[]; timeZone: string },
): { ok: true; query: ContinuationQuery } | { ok: false; problems: string[] } {
  const parsed = continuationQuerySchema(options).safeParse(params);
  if (parsed.success) return { ok: true, query: parsed.data };
  return { ok: false, problems: parsed.error.issues.map((issue) => issue.message) };
}

/** The store's filter for a checked query, once the agent's username is resolved to `ownerId`. */
export function toFilter(query: ContinuationQuery, ownerId: string | null): ContinuationFilter {
  return {
    ...(query.statuses.length > 0 && { statuses: query.statuses }),
    ...(query.callbackName && { callbackName: query.callbackName }),
    ...(ownerId && { ownerId }),
    ...(query.from && { from: query.from }),
    ...(query.to && { to: query.to }),
  };
}
