// The rules every input the desk accepts follows, in one place: the domain schemas (orders,
// warranty, dashboard, lab, sign-in) build their fields from these, and the forms parse with them.
import { z } from "zod";

// C0 controls (tab, CR and LF included: every text field is one line), DEL, C1 controls, and the
// bidirectional formatting characters (marks, embeddings, overrides, isolates) that make text show
// in another order than it is stored ("Trojan Source", CVE-2021-42574).
const UNSAFE_CHARACTERS = /[\u0000-\u001f\u007f-\u009f\u061c\u200e\u200f\u202a-\u202e\u2066-\u2069]/u;

/** True when `text` holds a control or bidirectional-formatting character. */
export const hasUnsafeCharacters = (text: string): boolean => UNSAFE_CHARACTERS.test(text);

/**
 * A one-line text field: refuses control and bidirectional-formatting characters (checked before
 * trimming, so a trailing newline is refused rather than dropped), then trims. Chain the length
 * rules after it. Messages complete the field's name ("customerReference must not contain …").
 */
export function lineOfText() {
  return z
    .string({ error: "must be text" })
    .refine((text) => !hasUnsafeCharacters(text), {
      message: "must not contain control or bidirectional-formatting characters",
      abort: true,
    })
    .trim();
}

/**
 * An input object that refuses keys it does not know (the action's error names each one), rather
 * than dropping them silently: a client that misspells a field hears about it.
 */
export function strictInput<Shape extends z.ZodRawShape>(shape: Shape) {
  return z.strictObject(shape, {
    error: (issue) => (issue.code === "invalid_type" ? "must be an object" : undefined),
  });
}

/** A whole number as JSON sends it: a number, never a string, boolean or array coerced into one. */
export function wholeNumber(bounds: { min: number; max: number; unit?: string }) {
  const unit = bounds.unit ? ` ${bounds.unit}` : "";
  return z
    .number({ error: "must be a number" })
    .int("must be a whole number")
    .min(bounds.min, `must be at least ${bounds.min.toLocaleString("en")}${unit}`)
    .max(bounds.max, `must be at most ${bounds.max.toLocaleString("en")}${unit}`);
}
