import { createRng, EmptyInputError, InvalidArgumentError } from '@dagnostics/core';
import { mean, standardDeviation } from '@dagnostics/core/stats';
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { createKllSketch, type KllSketch } from './index';

/**
 * The largest |estimated − exact| normalized rank over every value. Both rank functions are
 * right-continuous steps that only move at data values, so checking every distinct data
 * value covers every x.
 */
function supRankError(sketch: KllSketch, data: Float64Array): number {
  const sorted = data.filter((value) => Number.isFinite(value)).sort();
  const ranks = sketch.cdf(sorted);
  let worst = 0;
  for (let i = 0; i < sorted.length; i++) {
    if (i + 1 < sorted.length && sorted[i + 1] === sorted[i]) continue;
    worst = Math.max(worst, Math.abs((ranks[i] as number) - (i + 1) / sorted.length));
  }
  return worst;
}

type Generator = (seed: number, size: number) => Float64Array;

const distributions: Record<string, Generator> = {
  normal: (seed, size) => {
    const rng = createRng([seed, 1]);
    return Float64Array.from({ length: size }, () => rng.normal());
  },
  lognormal: (seed, size) => {
    const rng = createRng([seed, 2]);
    return Float64Array.from({ length: size }, () => Math.exp(2 * rng.normal()));
  },
  'heavy ties': (seed, size) => {
    const rng = createRng([seed, 3]);
    return Float64Array.from({ length: size }, () => rng.int(0, 12));
  },
  sorted: (seed, size) => createRng([seed, 4]).float64Array(size).sort(),
  'reverse-sorted': (seed, size) => createRng([seed, 5]).float64Array(size).sort().reverse(),
};

describe('KLL sketch basics', () => {
  it('is exact while nothing has been compacted', () => {
    const data = distributions.normal?.(1, 200) as Float64Array;
    const sketch = createKllSketch().updateMany(data);
    expect(sketch.rankErrorScale).toBe(0);
    expect(sketch.rankErrorBound()).toBe(0);
    expect(supRankError(sketch, data)).toBe(0);
    const sorted = data.slice().sort();
    // numpy's inverted_cdf: the smallest value whose empirical CDF is ≥ q.
    for (const q of [0.001, 0.1, 0.25, 0.5, 0.9, 0.995]) {
      expect(sketch.quantile(q)).toBe(sorted[Math.ceil(q * 200) - 1]);
    }
    expect(sketch.quantile(0)).toBe(sorted[0]);
    expect(sketch.quantile(1)).toBe(sorted[199]);
  });

  it('drops NaN and ±∞ and counts them apart, in update and updateMany alike', () => {
    const values = [1, Number.NaN, 2, Number.POSITIVE_INFINITY, 3, Number.NEGATIVE_INFINITY, 4];
    const one = createKllSketch();
    for (const value of values) one.update(value);
    const many = createKllSketch().updateMany(values);
    for (const sketch of [one, many]) {
      expect(sketch.count).toBe(4);
      expect(sketch.nanCount).toBe(1);
      expect(sketch.infinityCount).toBe(2);
      expect([sketch.min, sketch.max, sketch.mean]).toEqual([1, 4, 2.5]);
      expect(sketch.rank(2)).toBe(0.5);
      expect(Number.isNaN(sketch.rank(Number.NaN))).toBe(true);
    }
    expect(one.toBytes()).toEqual(many.toBytes());
  });

  it('tracks the exact count, extremes, mean and population standard deviation', () => {
    const data = Float64Array.from(
      distributions.lognormal?.(2, 30_000) as Float64Array,
      (x) => x + 1e6,
    );
    const streamed = createKllSketch({ k: 50 });
    for (let start = 0; start < data.length; start += 7_000) {
      streamed.updateMany(data.subarray(start, start + 7_000));
    }
    expect(streamed.count).toBe(data.length);
    expect(streamed.min).toBe(Math.min(...data));
    expect(streamed.max).toBe(Math.max(...data));
    expect(streamed.mean).toBeCloseTo(mean(data), 6);
    expect(streamed.standardDeviation / standardDeviation(data) - 1).toBeLessThan(1e-12);
    expect(streamed.retainedCount).toBeLessThan(3 * 50 + 8 * 12);
  });

  it('is reproducible from its seed, and the seed matters', () => {
    const data = distributions.normal?.(3, 20_000) as Float64Array;
    const bytes = (seed: number) => createKllSketch({ k: 32, seed }).updateMany(data).toBytes();
    expect(bytes(5)).toEqual(bytes(5));
    expect(bytes(5)).not.toEqual(bytes(6));
    // One value at a time compacts identically; only the moments are summed differently.
    const single = createKllSketch({ k: 32, seed: 5 });
    for (const value of data) single.update(value);
    const batch = createKllSketch({ k: 32, seed: 5 }).updateMany(data);
    expect(single.sortedView()).toEqual(batch.sortedView());
    expect(single.mean).toBeCloseTo(batch.mean, 12);
  });

  it('rejects an invalid k, q or confidence, and empty queries', () => {
    for (const k of [7, 65_536, 20.5, Number.NaN]) {
      expect(() => createKllSketch({ k })).toThrow(InvalidArgumentError);
    }
    const empty = createKllSketch();
    expect(empty.count).toBe(0);
    expect(Number.isNaN(empty.min)).toBe(true);
    expect(empty.rankErrorBound()).toBe(0);
    expect(() => empty.rank(0)).toThrow(EmptyInputError);
    expect(() => empty.quantile(0.5)).toThrow(EmptyInputError);
    const sketch = createKllSketch().updateMany([1, 2, 3]);
    for (const q of [-0.1, 1.1, Number.NaN]) {
      expect(() => sketch.quantile(q)).toThrow(InvalidArgumentError);
    }
    for (const confidence of [0, 1, 1.5]) {
      expect(() => sketch.rankErrorBound(confidence)).toThrow(InvalidArgumentError);
    }
  });
});

describe('KLL rank error', () => {
  it.each(Object.keys(distributions))(
    'stays within the stated bound for %s inputs over many seeds',
    (name) => {
      const generate = distributions[name] as Generator;
      let worstRatio = 0;
      for (let seed = 0; seed < 3; seed++) {
        for (const [k, size] of [
          [16, 3_000],
          [50, 15_000],
          [200, 40_000],
        ] as const) {
          const data = generate(seed, size);
          const sketch = createKllSketch({ k, seed }).updateMany(data);
          const bound = sketch.rankErrorBound(0.99);
          const error = supRankError(sketch, data);
          expect(error).toBeLessThanOrEqual(bound);
          worstRatio = Math.max(worstRatio, error / bound);
          // A quantile's exact rank interval [F(v−), F(v)] lies within the bound of q.
          const sorted = data.slice().sort();
          for (const q of [0.01, 0.1, 0.5, 0.9, 0.99]) {
            const value = sketch.quantile(q);
            const below = lowerBound(sorted, value) / size;
            const atOrBelow = upperBound(sorted, value) / size;
            expect(below).toBeLessThanOrEqual(q + bound);
            expect(atOrBelow).toBeGreaterThanOrEqual(q - bound);
          }
        }
      }
      // The bound is conservative but not vacuous: errors reach a fair share of it.
      expect(worstRatio).toBeGreaterThan(0.2);
    },
  );
});

function lowerBound(sorted: Float64Array, value: number): number {
  let low = 0;
  let high = sorted.length;
  while (low < high) {
    const middle = (low + high) >>> 1;
    if ((sorted[middle] as number) < value) low = middle + 1;
    else high = middle;
  }
  return low;
}

function upperBound(sorted: Float64Array, value: number): number {
  let low = 0;
  let high = sorted.length;
  while (low < high) {
    const middle = (low + high) >>> 1;
    if ((sorted[middle] as number) <= value) low = middle + 1;
    else high = middle;
  }
  return low;
}

describe('KLL merge', () => {
  it('merges partitions into a sketch of the whole, within the bounds', () => {
    const data = distributions.lognormal?.(7, 120_000) as Float64Array;
    const whole = createKllSketch({ k: 100, seed: 'whole' }).updateMany(data);
    const merged = createKllSketch({ k: 100, seed: 'merged' });
    const cuts = [0, 1_000, 30_000, 31_000, 70_000, 119_999, 120_000];
    for (let i = 0; i + 1 < cuts.length; i++) {
      const partition = data.subarray(cuts[i], cuts[i + 1]);
      merged.merge(createKllSketch({ k: 100, seed: [7, i] }).updateMany(partition));
    }
    expect(merged.count).toBe(whole.count);
    expect(merged.min).toBe(whole.min);
    expect(merged.max).toBe(whole.max);
    expect(merged.mean).toBeCloseTo(whole.mean, 10);
    expect(merged.standardDeviation / whole.standardDeviation - 1).toBeLessThan(1e-12);
    expect(merged.retainedCount).toBeLessThan(3 * 100 + 8 * 16);
    const mergedBound = merged.rankErrorBound();
    expect(supRankError(merged, data)).toBeLessThanOrEqual(mergedBound);
    const probes = whole.quantiles(Float64Array.from({ length: 99 }, (_, i) => (i + 1) / 100));
    const difference = merged
      .cdf(probes)
      .map((rank, i) => Math.abs(rank - whole.rank(probes[i] as number)));
    expect(Math.max(...difference)).toBeLessThanOrEqual(mergedBound + whole.rankErrorBound());
  });

  it('merges with an empty sketch, with itself, and keeps the other sketch unchanged', () => {
    const data = distributions.normal?.(8, 5_000) as Float64Array;
    const sketch = createKllSketch({ k: 40 }).updateMany(data);
    const before = sketch.toBytes();
    const target = createKllSketch({ k: 40, seed: 1 }).update(Number.NaN);
    target.merge(sketch);
    expect(sketch.toBytes()).toEqual(before);
    expect([target.count, target.nanCount, target.min, target.max]).toEqual([
      5_000,
      1,
      sketch.min,
      sketch.max,
    ]);
    target.merge(createKllSketch());
    expect(target.count).toBe(5_000);
    target.merge(target);
    expect(target.count).toBe(10_000);
    expect(target.nanCount).toBe(2);
    expect(supRankError(target, Float64Array.from([...data, ...data]))).toBeLessThanOrEqual(
      target.rankErrorBound(),
    );
  });

  it('is associative within the bounds (property)', () => {
    const column = fc
      .array(fc.double({ min: -1e6, max: 1e6, noNaN: true }), { maxLength: 700 })
      .map((values) => Float64Array.from(values));
    fc.assert(
      fc.property(column, column, column, fc.integer({ min: 8, max: 24 }), (a, b, c, k) => {
        const sketch = (values: Float64Array, seed: number) =>
          createKllSketch({ k, seed }).updateMany(values);
        const left = sketch(a, 1).merge(sketch(b, 2)).merge(sketch(c, 3));
        const right = sketch(a, 4).merge(sketch(b, 5).merge(sketch(c, 6)));
        const all = Float64Array.from([...a, ...b, ...c]);
        expect(left.count).toBe(all.length);
        expect(right.count).toBe(all.length);
        if (all.length === 0) return;
        expect(left.min).toBe(right.min);
        expect(left.max).toBe(right.max);
        const leftBound = left.rankErrorBound(0.999);
        const rightBound = right.rankErrorBound(0.999);
        expect(supRankError(left, all)).toBeLessThanOrEqual(leftBound);
        expect(supRankError(right, all)).toBeLessThanOrEqual(rightBound);
        const differences = left
          .cdf(all)
          .map((rank, i) => Math.abs(rank - right.rank(all[i] as number)));
        expect(Math.max(...differences)).toBeLessThanOrEqual(leftBound + rightBound);
      }),
      { seed: 20_260_101, numRuns: 60 },
    );
  });
});
