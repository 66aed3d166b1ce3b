import { describe, expect, it } from "vitest";
import { histogram, latencySummary, percentile } from "./stats";

describe("percentile", () => {
  it("takes the nearest rank: the smallest value with at least p% of the values at or below it", () => {
    const sorted = [15, 20, 35, 40, 50];
    expect([5, 30, 40, 50, 100].map((p) => percentile(sorted, p))).toEqual([15, 20, 20, 35, 50]);
    // Just past a rank takes the next value up: never rounded down, never interpolated.
    expect([25, 26, 60].map((p) => percentile([10, 20, 30, 40], p))).toEqual([10, 20, 30]);
  });

  it("gives the smallest value for p 0, the largest for p 100, and NaN for no values", () => {
    const sorted = [1, 2, 3, 4, 5, 6, 7, 8, 9, 10];
    expect(percentile(sorted, 0)).toBe(1);
    expect(percentile(sorted, 95)).toBe(10);
    expect(percentile(sorted, 100)).toBe(10);
    expect(percentile([], 50)).toBeNaN();
  });

  // (p / 100) * n in floating point would give 7.000000000000001 for p7 of 100 values.
  it("takes the exact rank where p / 100 is not exact in floating point", () => {
    const oneToHundred = Array.from({ length: 100 }, (_, i) => i + 1);
    expect(percentile(oneToHundred, 7)).toBe(7);
  });
});

describe("latencySummary", () => {
  it("gives p50, p95, p99 and max of unsorted durations, rounded to 0.1 ms", () => {
    const values = Array.from({ length: 100 }, (_, i) => 100 - i + 0.04);
    expect(latencySummary(values)).toEqual({ p50: 50, p95: 95, p99: 99, max: 100 });
    expect(latencySummary([12.345, 3.26])).toEqual({ p50: 3.3, p95: 12.3, p99: 12.3, max: 12.3 });
  });

  it("leaves the values in their order and is null for none", () => {
    const values = [30, 10, 20];
    latencySummary(values);
    expect(values).toEqual([30, 10, 20]);
    expect(latencySummary([])).toBeNull();
  });
});

describe("histogram", () => {
  const widths = (buckets: ReturnType<typeof histogram>) => new Set(buckets.map((b) => b.toMs - b.fromMs));

  it("uses the smallest round width that fits in maxBuckets, from the first to the last used bucket", () => {
    expect(widths(histogram([0, 1_999]))).toEqual(new Set([100]));
    expect(histogram([0, 1_999])).toHaveLength(20);
    expect(widths(histogram([0, 2_000]))).toEqual(new Set([200]));
    const buckets = histogram([1_234, 1_890]);
    expect(widths(buckets)).toEqual(new Set([50]));
    expect([buckets[0]?.fromMs, buckets.at(-1)?.toMs]).toEqual([1_200, 1_900]);
    expect(widths(histogram([3, 7, 9], 5))).toEqual(new Set([2]));
  });

  it("puts every value in the bucket it falls in, with contiguous buckets", () => {
    const values = [0, 99.9, 100, 150, 420, 999, 1_000];
    const buckets = histogram(values, 10);
    expect(buckets.map((b) => b.count).reduce((a, b) => a + b)).toBe(values.length);
    for (const [i, bucket] of buckets.entries()) {
      if (i > 0) expect(bucket.fromMs).toBe(buckets[i - 1]?.toMs);
    }
    expect(buckets.map((b) => [b.fromMs, b.count])).toEqual([
      [0, 4],
      [200, 0],
      [400, 1],
      [600, 0],
      [800, 1],
      [1_000, 1],
    ]);
  });

  it("puts equal values into one bucket and is empty for no values", () => {
    expect(histogram([42, 42, 42])).toEqual([{ fromMs: 42, toMs: 43, count: 3 }]);
    expect(histogram([])).toEqual([]);
  });
});
