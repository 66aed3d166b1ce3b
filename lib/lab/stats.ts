/** Nearest-rank percentile of ascending `sorted` values (p in 0..100). */
export function percentile(sorted: readonly number[], p: number): number {
  if (sorted.length === 0) return NaN;
  const rank = Math.ceil((p * sorted.length) / 100);
  return sorted[Math.min(sorted.length - 1, Math.max(0, rank - 1))] ?? NaN;
}

/** p50, p95, p99 and max of some durations (ms, rounded to 0.1), or null for none. */
export function latencySummary(
  values: readonly number[],
): { p50: number; p95: number; p99: number; max: number } | null {
  if (values.length === 0) return null;
  const sorted = [...values].sort((a, b) => a - b);
  const round = (ms: number) => Math.round(ms * 10) / 10;
  return {
    p50: round(percentile(sorted, 50)),
    p95: round(percentile(sorted, 95)),
    p99: round(percentile(sorted, 99)),
    max: round(sorted[sorted.length - 1] ?? NaN),
  };
}

const STEPS = [1, 2, 5, 10, 20, 50, 100, 200, 250, 500, 1_000, 2_000, 5_000, 10_000, 20_000, 60_000];

/**
 * Durations in equal buckets of a round width (…, 100, 200, 500 ms, …), at most about `maxBuckets`,
 * from the first non-empty bucket to the last; empty for no values.
 */
export function histogram(
  values: readonly number[],
  maxBuckets = 20,
): { fromMs: number; toMs: number; count: number }[] {
  if (values.length === 0) return [];
  const min = values.reduce((a, b) => Math.min(a, b));
  const max = values.reduce((a, b) => Math.max(a, b));
  const width =
    STEPS.find((step) => Math.floor(max / step) - Math.floor(min / step) + 1 <= maxBuckets) ?? 60_000;
  const first = Math.floor(min / width);
  const buckets = Array.from({ length: Math.floor(max / width) - first + 1 }, (_, i) => ({
    fromMs: (first + i) * width,
    toMs: (first + i + 1) * width,
    count: 0,
  }));
  for (const value of values) {
    const bucket = buckets[Math.floor(value / width) - first];
    if (bucket) bucket.count++;
  }
  return buckets;
}
