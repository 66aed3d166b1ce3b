// Form fields parsed once, at the form, before anything is sent (no zod: this runs in the browser).

/**
 * What a form's number field holds, parsed once, at the form: digits only (surrounding spaces
 * allowed). Anything else ("", "1e3", "0x10", "7.5") is NaN, which the schema refuses as
 * "must be a number", so what the agent typed is never reinterpreted.
 */
export function parseFormWholeNumber(text: string): number {
  const trimmed = text.trim();
  return /^\d{1,15}$/.test(trimmed) ? Number(trimmed) : Number.NaN;
}
