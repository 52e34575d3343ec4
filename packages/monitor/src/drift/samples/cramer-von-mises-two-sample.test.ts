import { EmptyInputError, InvalidArgumentError } from '@dagnostics/core';
import { describe, expect, it } from 'vitest';
import { expectClose } from '../../../test/support/golden';
import { dataset, pairLabel, samplesGolden } from '../__fixtures__/samples-fixture';
import { type CramerVonMisesMethod, cramerVonMisesTwoSample } from './index';

interface CramerVonMisesCase {
  reference: string;
  current: string;
  method: CramerVonMisesMethod;
  statistic: number;
  pValue: number;
}

const allCases = samplesGolden.cramerVonMises as CramerVonMisesCase[];
// scipy returns NaN for a sample with one value; that deviation is tested below.
const cases = allCases.filter((c) => !Number.isNaN(c.pValue));

describe('cramerVonMisesTwoSample matches scipy.stats.cramervonmises_2samp (golden)', () => {
  it.each(cases.map((c) => [`${pairLabel(c.reference, c.current)} ${c.method}`, c] as const))(
    '%s',
    (_label, c) => {
      const result = cramerVonMisesTwoSample(dataset(c.reference), dataset(c.current), {
        method: c.method,
      });
      expectClose(result.statistic, c.statistic, { label: 'statistic' });
      // The asymptotic p-value is 1 − CDF: scipy's own CDF (AMOS Bessel K) is accurate to
      // ~1e-14 absolute, so small p-values can only agree in absolute terms.
      expectClose(result.pValue, c.pValue, { atol: 1e-14, label: 'p-value' });
      const auto = c.method === 'auto';
      const exact = Math.max(dataset(c.reference).length, dataset(c.current).length) <= 20;
      expect(result.method).toBe(auto ? (exact ? 'exact' : 'asymptotic') : c.method);
    },
  );
});

describe('cramerVonMisesTwoSample behaviour', () => {
  it('needs two finite values per sample (scipy: NaN)', () => {
    expect(allCases.some((c) => Number.isNaN(c.pValue))).toBe(true);
    expect(() => cramerVonMisesTwoSample([1], [2, 3])).toThrowError(InvalidArgumentError);
    expect(() => cramerVonMisesTwoSample([1, 2], [Number.NaN, 3])).toThrowError(/current/);
    expect(() => cramerVonMisesTwoSample([1, 2], [Number.NaN])).toThrowError(EmptyInputError);
    expect(() =>
      cramerVonMisesTwoSample([1, 2], [3, 4], { method: 'mc' as CramerVonMisesMethod }),
    ).toThrowError(/method/);
  });

  it('gives p = 1 for identical samples and sums the exact distribution to 1', () => {
    const sample = [0.1, 0.5, 0.9, 1.3];
    expect(cramerVonMisesTwoSample(sample, sample, { method: 'exact' }).pValue).toBe(1);
    // The smallest attainable statistic has the whole null mass at or above it.
    const separated = cramerVonMisesTwoSample([1, 2, 3], [4, 5, 6], { method: 'exact' });
    expect(separated.pValue).toBeCloseTo(2 / 20, 15);
  });
});
