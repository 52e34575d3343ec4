import { EmptyInputError, InvalidArgumentError } from '@dagnostics/core';
import { describe, expect, it } from 'vitest';
import { expectClose } from '../../../test/support/golden';
import { dataset, pairLabel, samplesGolden } from '../__fixtures__/samples-fixture';
import { eppsSingletonTwoSample } from './index';

interface EppsSingletonCase {
  reference: string;
  current: string;
  t: number[];
  statistic?: number;
  pValue?: number;
  error?: string;
}

const allCases = samplesGolden.eppsSingleton as EppsSingletonCase[];
/** Both samples constant: scipy's covariance (and so W) is rounding noise; only p is compared. */
const noisy = (c: EppsSingletonCase) => c.reference === 'constant-10';
const cases = allCases.filter((c) => c.error === undefined && !Number.isNaN(c.pValue));

describe('eppsSingletonTwoSample matches scipy.stats.epps_singleton_2samp (golden)', () => {
  it.each(
    cases.map((c) => [`${pairLabel(c.reference, c.current)} t=${c.t.join(',')}`, c] as const),
  )('%s', (_label, c) => {
    const result = eppsSingletonTwoSample(dataset(c.reference), dataset(c.current), { t: c.t });
    // scipy pseudo-inverts by an SVD, this by a Jacobi eigen-decomposition: they agree to
    // ~cond·ε, ~1e-12 for two points t and up to ~1e-9 for three on 12 values.
    const rtol = c.t.length === 2 ? 1e-10 : 1e-8;
    if (!noisy(c)) expectClose(result.statistic, c.statistic as number, { rtol, label: 'W' });
    expectClose(result.pValue, c.pValue as number, { rtol, label: 'p-value' });
  });
});

describe('eppsSingletonTwoSample behaviour', () => {
  it('throws where scipy returns NaN (under five values) or fails (zero IQR)', () => {
    const failing = allCases.filter((c) => c.error !== undefined || Number.isNaN(c.pValue));
    expect(failing.length).toBeGreaterThan(0);
    for (const c of failing) {
      expect(() => eppsSingletonTwoSample(dataset(c.reference), dataset(c.current))).toThrowError(
        InvalidArgumentError,
      );
    }
    expect(() => eppsSingletonTwoSample([1, 1, 1, 1, 1, 2], [1, 1, 1, 1, 1])).toThrowError(
      /interquartile/,
    );
    expect(() => eppsSingletonTwoSample([Number.NaN], [1, 2, 3, 4, 5])).toThrowError(
      EmptyInputError,
    );
    expect(() => eppsSingletonTwoSample([1, 2, 3, 4, 5], [1, 2, 3, 4, 5], { t: [0] })).toThrowError(
      /`t`/,
    );
  });

  it('gives p = 1 for identical samples and p = 0 for different constants with a spread pool', () => {
    const sample = [0.3, 1.1, 2.4, 0.8, 1.9, 3.3];
    const same = eppsSingletonTwoSample(sample, [...sample].reverse());
    expect(same.statistic).toBeCloseTo(0, 12);
    expect(same.pValue).toBeCloseTo(1, 12);
    const constants = eppsSingletonTwoSample([1, 1, 1, 1, 1], [2, 2, 2, 2, 2, 2]);
    expect(constants.pValue).toBe(0);
  });
});
