import { InvalidArgumentError } from '@dagnostics/core';
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { expectClose } from '../../../test/support/golden';
import { readBinnedGolden } from '../__fixtures__/binned-fixture';
import {
  fisherExact2x2,
  hypergeometricCdf,
  hypergeometricDistribution,
  hypergeometricPmf,
  hypergeometricSf,
  type TwoByTwoTable,
} from './index';

const golden = readBinnedGolden();

describe('fisherExact2x2 matches scipy.stats.fisher_exact (golden)', () => {
  it.each(
    golden.fisherExact.map(
      (testCase) =>
        [`${JSON.stringify(testCase.table)} ${testCase.alternative}`, testCase] as const,
    ),
  )('%s', (_label, testCase) => {
    const result = fisherExact2x2(testCase.table, { alternative: testCase.alternative });
    expectClose(result.statistic, testCase.statistic, { label: 'odds ratio' });
    expectClose(result.pValue, testCase.pvalue, { label: 'p-value', tail: true });
  });
});

describe('hypergeometric distribution matches scipy.stats.hypergeom (golden)', () => {
  it.each(
    golden.hypergeometric.map(
      (testCase) =>
        [
          `k=${testCase.k} M=${testCase.population} n=${testCase.successes} N=${testCase.draws}`,
          testCase,
        ] as const,
    ),
  )('%s', (_label, testCase) => {
    const { k, population, successes, draws } = testCase;
    expectClose(hypergeometricPmf(k, population, successes, draws), testCase.pmf, {
      label: 'pmf',
      tail: true,
    });
    expectClose(hypergeometricCdf(k, population, successes, draws), testCase.cdf, {
      label: 'cdf',
      tail: true,
    });
    expectClose(hypergeometricSf(k, population, successes, draws), testCase.sf, {
      label: 'sf',
      tail: true,
    });
  });

  it('sums to one over its support and has cdf + sf = 1', () => {
    fc.assert(
      fc.property(
        fc
          .integer({ min: 0, max: 300 })
          .chain((population) =>
            fc.tuple(
              fc.constant(population),
              fc.integer({ min: 0, max: population }),
              fc.integer({ min: 0, max: population }),
            ),
          ),
        ([population, successes, draws]) => {
          const distribution = hypergeometricDistribution(population, successes, draws);
          let total = 0;
          for (let k = distribution.low; k <= distribution.high; k++) {
            total += distribution.pmf(k);
            expect(distribution.cdf(k) + distribution.sf(k)).toBeCloseTo(1, 12);
          }
          expect(total).toBeCloseTo(1, 12);
          expect(distribution.pmf(distribution.low - 1)).toBe(0);
          expect(distribution.pmf(distribution.high + 1)).toBe(0);
        },
      ),
      { numRuns: 60 },
    );
  });

  it('rejects impossible parameters instead of returning NaN', () => {
    expect(() => hypergeometricPmf(1, 10, 11, 2)).toThrow(
      expect.objectContaining({ argument: 'successes' }),
    );
    expect(() => hypergeometricCdf(1, 10, 2, -1)).toThrow(InvalidArgumentError);
    expect(() => hypergeometricSf(1, 10.5, 2, 1)).toThrow(InvalidArgumentError);
  });
});

describe('fisherExact2x2 properties and errors', () => {
  const table = fc
    .tuple(
      fc.integer({ min: 0, max: 40 }),
      fc.integer({ min: 0, max: 40 }),
      fc.integer({ min: 0, max: 40 }),
      fc.integer({ min: 0, max: 40 }),
    )
    .map(
      ([a, b, c, d]): TwoByTwoTable => [
        [a, b],
        [c, d],
      ],
    );

  it('gives the same two-sided p-value when rows or columns are swapped', () => {
    fc.assert(
      fc.property(table, ([[a, b], [c, d]]) => {
        const p = fisherExact2x2([
          [a, b],
          [c, d],
        ]).pValue;
        expect(p).toBeGreaterThan(0);
        expect(p).toBeLessThanOrEqual(1);
        const swapped = fisherExact2x2([
          [b, a],
          [d, c],
        ]).pValue;
        expect(Math.abs(swapped - p)).toBeLessThanOrEqual(1e-12 * p);
      }),
    );
  });

  it('has one-sided p-values that cover the observed table from both sides', () => {
    fc.assert(
      fc.property(table, (counts) => {
        const less = fisherExact2x2(counts, { alternative: 'less' }).pValue;
        const greater = fisherExact2x2(counts, { alternative: 'greater' }).pValue;
        expect(less + greater).toBeGreaterThanOrEqual(1 - 1e-12);
      }),
    );
  });

  it('rejects tables that are not 2×2 non-negative integers, and unknown alternatives', () => {
    expect(() => fisherExact2x2([[1, 2]] as never)).toThrow(InvalidArgumentError);
    expect(() =>
      fisherExact2x2([
        [1, 2],
        [3, -1],
      ]),
    ).toThrow(expect.objectContaining({ argument: 'table' }));
    expect(() =>
      fisherExact2x2(
        [
          [1, 2],
          [3, 4],
        ],
        { alternative: 'both' as never },
      ),
    ).toThrow(expect.objectContaining({ argument: 'alternative' }));
  });
});
