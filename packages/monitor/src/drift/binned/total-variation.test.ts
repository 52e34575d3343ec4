import { createRng, InvalidArgumentError } from '@dagnostics/core';
import { describe, expect, it } from 'vitest';
import { expectClose } from '../../../test/support/golden';
import { readBinnedGolden, sampleValues } from '../__fixtures__/binned-fixture';
import { totalVariationDriftTest, totalVariationPermutationTest } from './index';

const golden = readBinnedGolden();
const withEvidentlyTvd = golden.samples.filter((testCase) => testCase.evidently.TVD !== undefined);

/** Standard error of a permutation p-value estimated from `draws` splits (at least 1/draws). */
function standardError(p: number, draws: number): number {
  return Math.sqrt(Math.max(p * (1 - p), 1 / draws) / draws);
}

describe('TVD permutation test against Evidently 0.7.23 (statistical)', () => {
  it.each(withEvidentlyTvd.map((testCase) => [testCase.name, testCase] as const))(
    '%s',
    (_name, testCase) => {
      const reference = sampleValues(testCase.reference, testCase.dtype);
      const current = sampleValues(testCase.current, testCase.dtype);
      const evidently = testCase.evidently.TVD as { score: number; drift: boolean };

      // The statistic is deterministic and matches Evidently's to the last digits.
      const result = totalVariationDriftTest.evaluate(reference, current, { columnType: 'cat' });
      expectClose(result.statistic as number, testCase.statistics.TVD as number, {
        label: 'TVD',
      });

      // Evidently draws its 1000 splits from numpy's MT19937 seeded with 0 and the port from
      // SFC64 seeded with 0, so both p-values are independent estimates of one permutation
      // p-value. A 10 000-split estimate stands in for the exact value; each 1000-split
      // estimate must fall within 5 standard errors of it.
      const precise = totalVariationPermutationTest(reference, current, {
        iterations: 10_000,
        seed: 'precise',
      }).pValue;
      const bound = 5 * standardError(precise, 1000) + 5 * standardError(precise, 10_000);
      expect(Math.abs(evidently.score - precise)).toBeLessThanOrEqual(bound);
      expect(Math.abs(result.score - precise)).toBeLessThanOrEqual(bound);
    },
  );

  it('is calibrated: under no drift about 10% of p-values fall below 0.1', () => {
    const rng = createRng('tvd-calibration');
    const categories = ['a', 'b', 'c', 'd'];
    const weights = [0.4, 0.3, 0.2, 0.1];
    const draw = (size: number) =>
      Array.from({ length: size }, () => {
        let u = rng.float();
        for (let k = 0; k < categories.length; k++) {
          u -= weights[k] as number;
          if (u < 0) return categories[k] as string;
        }
        return categories[categories.length - 1] as string;
      });
    const trials = 300;
    let rejected = 0;
    for (let trial = 0; trial < trials; trial++) {
      const { pValue } = totalVariationPermutationTest(draw(60), draw(50), {
        iterations: 200,
        seed: trial,
      });
      if (pValue < 0.1) rejected++;
    }
    // Binomial(300, 0.1): mean 30, sd 5.2. Discreteness makes the test slightly conservative.
    expect(rejected).toBeGreaterThanOrEqual(12);
    expect(rejected).toBeLessThanOrEqual(46);
  });
});

describe('totalVariationPermutationTest', () => {
  it('is reproducible for a seed and counts ties with the observed distance', () => {
    const reference = ['x', 'y', 'x', 'y', 'x', 'z'];
    const current = ['y', 'y', 'x', 'z', 'z'];
    const first = totalVariationPermutationTest(reference, current, { seed: 7 });
    expect(totalVariationPermutationTest(reference, current, { seed: 7 })).toEqual(first);
    expect(first.pValue * 1000).toBe(Math.round(first.pValue * 1000));
    // Identical samples: every split is at least as far apart as the observed 0.
    const same = totalVariationPermutationTest(['a', 'b'], ['b', 'a'], { iterations: 50 });
    expect(same).toEqual({ statistic: 0, pValue: 1 });
  });

  it('rejects a bad number of iterations', () => {
    expect(() => totalVariationPermutationTest(['a'], ['b'], { iterations: 0 })).toThrow(
      expect.objectContaining({ name: InvalidArgumentError.errorName, argument: 'iterations' }),
    );
    expect(() => totalVariationPermutationTest(['a'], ['b'], { iterations: 2.5 })).toThrow(
      InvalidArgumentError,
    );
  });
});
