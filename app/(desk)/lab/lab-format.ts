// Fixed "en-US" grouping, so the numbers read the same as the API's messages ("at most 1,000").
const integer = new Intl.NumberFormat("en-US", { maximumFractionDigits: 0 });

export function formatCount(n: number): string {
  return integer.format(n);
}

/** 320 → "320 ms", 6123 → "6.12 s", 61234 → "61.2 s". */
export function formatDuration(ms: number): string {
  if (ms < 1_000) return `${Math.round(ms)} ms`;
  const seconds = ms / 1_000;
  return `${seconds.toFixed(seconds < 10 ? 2 : 1)} s`;
}

/** A share as "87 %", or "–" when there is nothing to share. */
export function formatShare(part: number, whole: number): string {
  return whole === 0 ? "–" : `${Math.round((part / whole) * 100)} %`;
}
