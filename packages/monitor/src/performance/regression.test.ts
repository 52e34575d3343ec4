import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { expectClose } from '../../test/support/golden';
import { performanceGolden } from './__fixtures__/performance-fixture';
import {
  meanAbsoluteError,
  meanAbsolutePercentageError,
  r2Score,
  rootMeanSquaredError,
} from './index';

const golden = performanceGolden();

describe('regression metrics match scikit-learn 1.9.1 (golden)', () => {
  it.each(golden.regression.map((c) => [c.name, c] as const))('%s', (_name, testCase) => {
    const { yTrue, yPred } = testCase;
    expectClose(meanAbsoluteError(yTrue, yPred), testCase.meanAbsoluteError, { label: 'mae' });
    expectClose(rootMeanSquaredError(yTrue, yPred), testCase.rootMeanSquaredError, {
      label: 'rmse',
    });
    expectClose(meanAbsolutePercentageError(yTrue, yPred), testCase.meanAbsolutePercentageError, {
      label: 'mape',
    });
    expectClose(r2Score(yTrue, yPred), testCase.r2, { label: 'r2' });
    expectClose(r2Score(yTrue, yPred, { forceFinite: false }), testCase.r2NotForced, {
      label: 'r2 not forced',
    });
  });

  it('sums in numpy’s pairwise order, so a long sum agrees to the last bit', () => {
    const testCase = golden.regression.find((c) => c.name === 'heavy-tailed-large');
    expect(testCase).toBeDefined();
    const {
      yTrue,
      yPred,
      meanAbsoluteError: expected,
    } = testCase as (typeof golden.regression)[number];
    expect(meanAbsoluteError(yTrue, yPred)).toBe(expected);
  });
});

describe('regression metrics: behaviour', () => {
  it('R² follows scikit-learn’s rules for constant targets and single samples', () => {
    expect(r2Score([2, 2, 2], [2, 2, 2])).toBe(1);
    expect(r2Score([2, 2, 2], [2, 2, 3])).toBe(0);
    expect(r2Score([2, 2, 2], [2, 2, 3], { forceFinite: false })).toBe(Number.NEGATIVE_INFINITY);
    expect(r2Score([2, 2, 2], [2, 2, 2], { forceFinite: false })).toBeNaN();
    expect(r2Score([1], [2])).toBeNaN();
  });

  it('errors are zero for perfect predictions and non-negative otherwise (property)', () => {
    // Integers in thousandths: no subnormal squares, which would underflow to 0.
    const finite = fc.integer({ min: -1e9, max: 1e9 }).map((value) => value / 1000);
    fc.assert(
      fc.property(fc.array(fc.tuple(finite, finite), { minLength: 1 }), (pairs) => {
        const yTrue = pairs.map(([a]) => a);
        const yPred = pairs.map(([, b]) => b);
        expect(meanAbsoluteError(yTrue, yTrue)).toBe(0);
        expect(rootMeanSquaredError(yTrue, yTrue)).toBe(0);
        expect(meanAbsoluteError(yTrue, yPred)).toBeGreaterThanOrEqual(0);
        expect(rootMeanSquaredError(yTrue, yPred)).toBeGreaterThanOrEqual(
          meanAbsoluteError(yTrue, yPred) * (1 - 1e-12),
        );
      }),
    );
  });
});
