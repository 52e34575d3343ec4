import { EmptyInputError, InvalidArgumentError } from '@dagnostics/core';
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { expectClose } from '../../../test/support/golden';
import {
  type DatasetSpec,
  dataset,
  pairLabel,
  samplesGolden,
} from '../__fixtures__/samples-fixture';
import { type Alternative, type MannWhitneyMethod, mannWhitneyU } from './index';

interface MannWhitneyCase {
  reference: string | DatasetSpec;
  current: string | DatasetSpec;
  alternative: Alternative;
  method: MannWhitneyMethod;
  useContinuity: boolean;
  statistic: number;
  pValue: number;
}

const allCases = samplesGolden.mannWhitney as MannWhitneyCase[];
// Without the continuity correction scipy's z is 0/0 for all-tied data; tested below.
const cases = allCases.filter((c) => !Number.isNaN(c.pValue));

describe('mannWhitneyU matches scipy.stats.mannwhitneyu (golden)', () => {
  it.each(
    cases.map(
      (c) =>
        [
          `${pairLabel(c.reference, c.current)} ${c.alternative} ${c.method}${c.useContinuity ? '' : ' no-continuity'}`,
          c,
        ] as const,
    ),
  )('%s', (_label, c) => {
    const result = mannWhitneyU(dataset(c.reference), dataset(c.current), {
      alternative: c.alternative,
      method: c.method,
      useContinuity: c.useContinuity,
    });
    expectClose(result.statistic, c.statistic, { label: 'statistic' });
    expectClose(result.pValue, c.pValue, { tail: true, label: 'p-value' });
  });
});

describe('mannWhitneyU behaviour', () => {
  it('chooses the exact distribution for small samples without ties', () => {
    expect(mannWhitneyU([1, 2, 3], [4, 5, 6, 7]).method).toBe('exact');
    expect(mannWhitneyU([1, 2, 2], [4, 5, 6, 7]).method).toBe('asymptotic');
    expect(
      mannWhitneyU(
        Array.from({ length: 9 }, (_, i) => i),
        Array.from({ length: 9 }, (_, i) => i + 0.5),
      ).method,
    ).toBe('asymptotic');
  });

  it('returns p = 1 when every value is tied and there is no continuity correction (scipy: NaN)', () => {
    expect(allCases.some((c) => Number.isNaN(c.pValue))).toBe(true);
    const result = mannWhitneyU([3, 3, 3], [3, 3], { useContinuity: false });
    expect(result).toEqual({ statistic: 3, pValue: 1, method: 'asymptotic' });
  });

  it('rejects bad options and empty samples', () => {
    expect(() =>
      mannWhitneyU([1], [2], { method: 'permutation' as MannWhitneyMethod }),
    ).toThrowError(InvalidArgumentError);
    expect(() => mannWhitneyU([1], [2], { alternative: 'both' as Alternative })).toThrowError(
      /alternative/,
    );
    expect(() => mannWhitneyU([Number.NaN], [2])).toThrowError(EmptyInputError);
  });

  it('U₁ + U₂ = n₁n₂ and the one-sided p-values mirror each other', () => {
    const sample = fc.array(fc.integer({ min: 0, max: 40 }), { minLength: 1, maxLength: 12 });
    fc.assert(
      fc.property(sample, sample, (a, b) => {
        const forward = mannWhitneyU(a, b);
        const backward = mannWhitneyU(b, a);
        expect(forward.statistic + backward.statistic).toBe(a.length * b.length);
        expectClose(backward.pValue, forward.pValue, { rtol: 1e-12 });
        const less = mannWhitneyU(a, b, { alternative: 'less' });
        const greater = mannWhitneyU(b, a, { alternative: 'greater' });
        expectClose(greater.pValue, less.pValue, { rtol: 1e-12 });
      }),
    );
  });
});
