import { EmptyInputError, InvalidArgumentError } from '@dagnostics/core';
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { expectClose } from '../../../test/support/golden';
import { dataset, pairLabel, samplesGolden } from '../__fixtures__/samples-fixture';
import { type Alternative, type KsMethod, ksTwoSample } from './index';

interface KsCase {
  reference: string;
  current: string;
  alternative: Alternative;
  method: KsMethod;
  statistic: number;
  pValue: number;
  statisticLocation: number;
  statisticSign: 1 | -1;
  methodUsed: 'exact' | 'asymp';
}

const allCases = samplesGolden.ks as KsCase[];
// scipy returns NaN for 'asymp' with two single values; that deviation is tested below.
const cases = allCases.filter((c) => !Number.isNaN(c.pValue));

describe('ksTwoSample matches scipy.stats.ks_2samp (golden)', () => {
  it.each(
    cases.map(
      (c) => [`${pairLabel(c.reference, c.current)} ${c.alternative} ${c.method}`, c] as const,
    ),
  )('%s', (_label, c) => {
    const result = ksTwoSample(dataset(c.reference), dataset(c.current), {
      alternative: c.alternative,
      method: c.method,
    });
    expectClose(result.statistic, c.statistic, { label: 'statistic' });
    expectClose(result.pValue, c.pValue, { tail: true, label: 'p-value' });
    expect(result.statisticLocation).toBe(c.statisticLocation);
    expect(result.statisticSign).toBe(c.statisticSign);
    expect(result.method).toBe(c.methodUsed);
  });

  it('covers the exact and asymptotic paths, both sizes equal and unequal, and the fallback', () => {
    const used = new Set(cases.map((c) => `${c.method}->${c.methodUsed}`));
    expect(used).toEqual(
      new Set(['auto->exact', 'auto->asymp', 'exact->exact', 'exact->asymp', 'asymp->asymp']),
    );
  });
});

describe('ksTwoSample behaviour', () => {
  it('drops NaN and ±Infinity and names the empty sample', () => {
    const withNonFinite = ksTwoSample([1, Number.NaN, 2, Number.POSITIVE_INFINITY], [1.5, 3]);
    expect(withNonFinite).toEqual(ksTwoSample([1, 2], [1.5, 3]));
    const error = (() => {
      try {
        ksTwoSample([1, 2], [Number.NaN, Number.NEGATIVE_INFINITY]);
      } catch (caught) {
        return caught;
      }
    })();
    expect(EmptyInputError.isInstance(error)).toBe(true);
    expect((error as EmptyInputError).argument).toBe('current');
    expect(() => ksTwoSample([], [1])).toThrow(/reference/);
  });

  it('accepts typed arrays and leaves the input untouched', () => {
    const reference = Float64Array.from([3, 1, 2]);
    const result = ksTwoSample(reference, Int32Array.from([5, 4, 6]));
    expect(Array.from(reference)).toEqual([3, 1, 2]);
    expect(result.statistic).toBe(1);
    expect(result.pValue).toBeCloseTo(0.1, 15);
  });

  it('rejects unknown options and non-numeric values', () => {
    expect(() => ksTwoSample([1], [2], { alternative: 'sideways' as Alternative })).toThrowError(
      InvalidArgumentError,
    );
    expect(() => ksTwoSample([1], [2], { method: 'fast' as KsMethod })).toThrowError(
      InvalidArgumentError,
    );
    expect(() => ksTwoSample(['1'] as unknown as number[], [2])).toThrowError(InvalidArgumentError);
    // scipy: kstwo.sf(d, round(0.5) = 0) is NaN; here a clear error instead.
    expect(allCases.some((c) => Number.isNaN(c.pValue) && c.reference === 'single-a')).toBe(true);
    expect(() => ksTwoSample([1], [2], { method: 'asymp' })).toThrowError(/exact/);
  });

  it('is invariant to the order of the values and symmetric under swapping the samples', () => {
    const sample = fc.array(fc.integer({ min: -30, max: 30 }), { minLength: 1, maxLength: 60 });
    fc.assert(
      fc.property(sample, sample, (a, b) => {
        const forward = ksTwoSample(a, b);
        const reversed = ksTwoSample([...a].reverse(), [...b].reverse());
        expect(reversed).toEqual(forward);
        const swapped = ksTwoSample(b, a);
        expect(swapped.statistic).toBe(forward.statistic);
        expect(swapped.pValue).toBeCloseTo(forward.pValue, 12);
        expect(forward.pValue).toBeGreaterThanOrEqual(0);
        expect(forward.pValue).toBeLessThanOrEqual(1);
        const less = ksTwoSample(a, b, { alternative: 'less' });
        const greater = ksTwoSample(a, b, { alternative: 'greater' });
        expect(forward.statistic).toBe(Math.max(less.statistic, greater.statistic));
      }),
    );
  });
});
