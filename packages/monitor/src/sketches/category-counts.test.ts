import { EmptyInputError, InvalidArgumentError } from '@dagnostics/core';
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { chiSquareDriftTest, jensenShannonDriftTest, psiDriftTest } from '../drift';
import {
  type CategoryCounts,
  categoryCountsFromJson,
  chiSquareFromCounts,
  createCategoryCounts,
  jensenShannonDistanceFromCounts,
  populationStabilityIndexFromCounts,
} from './index';

function repeat(counts: Record<string, number>): string[] {
  return Object.entries(counts).flatMap(([key, count]) => Array<string>(count).fill(key));
}

describe('CategoryCounts', () => {
  it('counts values as the categorical drift tests key them, missing values apart', () => {
    const counts = createCategoryCounts([
      'a',
      1,
      true,
      -0,
      false,
      0n,
      2n ** 70n,
      2n ** 70n + 1n,
      null,
      undefined,
      Number.NaN,
      Number.POSITIVE_INFINITY,
      'a',
    ]);
    expect(counts.count).toBe(9);
    expect(counts.missingCount).toBe(4);
    // 2^70 is a number exactly; 2^70 + 1 is not, so it stays a bigint.
    expect(counts.entries()).toEqual([
      [0, 3],
      [1, 2],
      [2 ** 70, 1],
      [2n ** 70n + 1n, 1],
      ['a', 2],
    ]);
    expect(counts.countOf(true)).toBe(2);
    expect(counts.countOf('b')).toBe(0);
    expect(counts.countOf(null)).toBe(0);
    counts.update('b').update(null);
    expect([counts.count, counts.missingCount, counts.categoryCount]).toEqual([10, 5, 6]);
    expect(() => counts.update({} as unknown as string)).toThrow(InvalidArgumentError);
  });

  it('merges partitions into the counts of the whole (property)', () => {
    const value = fc.oneof(
      fc.constantFrom('x', 'y', 'z', null, Number.NaN, true),
      fc.integer({ min: -3, max: 3 }),
    );
    fc.assert(
      fc.property(fc.array(fc.array(value, { maxLength: 30 }), { maxLength: 6 }), (parts) => {
        const merged = parts.reduce<CategoryCounts>(
          (total, part) => total.merge(createCategoryCounts(part)),
          createCategoryCounts(),
        );
        const whole = createCategoryCounts(parts.flat());
        expect(merged.toJSON()).toEqual(whole.toJSON());
      }),
      { seed: 7, numRuns: 100 },
    );
    const counts = createCategoryCounts(['a', 'b', null]);
    counts.merge(counts);
    expect(counts.toJSON()).toMatchObject({
      missing: 2,
      entries: [
        ['a', 2],
        ['b', 2],
      ],
    });
  });

  it('round-trips through JSON, bigints included', () => {
    const counts = createCategoryCounts(['b', 'a', 3.5, -1, 2n ** 64n + 1n, null, 'b']);
    const text = JSON.stringify(counts);
    expect(JSON.parse(text)).toEqual({
      format: 'dagnostics.category-counts',
      version: 1,
      missing: 1,
      entries: [
        [-1, 1],
        [3.5, 1],
        [{ bigint: '18446744073709551617' }, 1],
        ['a', 1],
        ['b', 2],
      ],
    });
    for (const restored of [
      categoryCountsFromJson(text),
      categoryCountsFromJson(JSON.parse(text)),
    ]) {
      expect(restored.toJSON()).toEqual(counts.toJSON());
      expect(restored.countOf(2n ** 64n + 1n)).toBe(1);
    }
  });

  it('rejects JSON of another format or version, or with invalid entries', () => {
    const good = createCategoryCounts(['a']).toJSON();
    for (const bad of [
      '{',
      null,
      { ...good, format: 'other' },
      { ...good, version: 2 },
      { ...good, missing: -1 },
      { ...good, entries: [['a', 0]] },
      { ...good, entries: [['a', 1.5]] },
      { ...good, entries: [[{ bigint: '1x' }, 1]] },
      {
        ...good,
        entries: [
          ['a', 1],
          ['a', 2],
        ],
      },
    ]) {
      let thrown: unknown;
      try {
        categoryCountsFromJson(bad);
      } catch (error) {
        thrown = error;
      }
      expect(InvalidArgumentError.isInstance(thrown)).toBe(true);
      expect(thrown).toMatchObject({ argument: 'json', code: 'SKETCH_FORMAT' });
    }
  });
});

describe('categorical drift from counts', () => {
  const referenceValues = repeat({ a: 50, b: 30, c: 20 });
  const currentValues = repeat({ a: 30, b: 30, c: 30, d: 10 });
  const reference = createCategoryCounts(referenceValues).update(null);
  const current = createCategoryCounts(currentValues);
  const options = { columnType: 'cat' } as const;

  it('equals the exact tests on the full samples (reference golden values)', () => {
    const js = jensenShannonDistanceFromCounts(reference, current);
    expect(js).toEqual({
      statistic: jensenShannonDriftTest.evaluate(referenceValues, currentValues, options).score,
      errorBound: 0,
    });
    expect(js.statistic).toBeCloseTo(0.22874617893301472, 15);
    const psi = populationStabilityIndexFromCounts(reference, current);
    expect(psi.statistic).toBe(
      psiDriftTest.evaluate(referenceValues, currentValues, options).score,
    );
    expect(psi.statistic).toBeCloseTo(0.8327963879343301, 14);
    expect(chiSquareFromCounts(reference, current)).toEqual({
      statistic: Number.POSITIVE_INFINITY,
      errorBound: 0,
      pValue: 0,
    });
    const shifted = repeat({ a: 35, b: 35, c: 30 });
    const chiSquare = chiSquareFromCounts(reference, createCategoryCounts(shifted));
    const exact = chiSquareDriftTest.evaluate(referenceValues, shifted, options);
    expect(chiSquare.statistic).toBe(exact.statistic);
    expect(chiSquare.pValue).toBe(exact.score);
    expect(chiSquare.statistic).toBeCloseTo(10.333333333333332, 13);
    expect(chiSquare.pValue).toBeCloseTo(0.0057035489980074025, 15);
  });

  it('reports p = 1 when both samples hold one and the same category', () => {
    const only = createCategoryCounts(['a', 'a']);
    expect(chiSquareFromCounts(only, createCategoryCounts(['a'])).pValue).toBe(1);
  });

  it('rejects empty counts', () => {
    const empty = createCategoryCounts([null]);
    expect(() => chiSquareFromCounts(empty, current)).toThrow(EmptyInputError);
    expect(() => jensenShannonDistanceFromCounts(reference, empty)).toThrow(/current/);
    expect(() => populationStabilityIndexFromCounts(empty, current)).toThrow(/reference/);
  });
});
