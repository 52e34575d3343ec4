import { describe, expect, it } from 'vitest';
import { expectClose } from '../../test/support/golden';
import { performanceGolden } from './__fixtures__/performance-fixture';
import { LegacyRandomState } from './calibration/legacy-random-state';
import { stratifiedShuffleSplits } from './calibration/stratified-shuffle-split';
import { checkCalibrationNeed, fitIsotonicRegression } from './index';

const golden = performanceGolden();

// Pooled means are summed in another order than scipy's PAV, so fitted values may differ
// from scikit-learn's in the last bits (see fitIsotonicRegression); 1e-14 relative covers it.
const ISOTONIC_RTOL = 1e-14;

function expectAllClose(
  actual: ArrayLike<number>,
  expected: number[],
  label: string,
  rtol = 1e-12,
) {
  expect(actual.length, label).toBe(expected.length);
  Array.from(actual).forEach((value, i) => {
    expectClose(value, expected[i] as number, { label: `${label}[${i}]`, rtol });
  });
}

describe('isotonic regression matches scikit-learn 1.9.1 (golden)', () => {
  it.each(golden.isotonic.map((c) => [c.name, c] as const))('%s', (_name, testCase) => {
    for (const outOfBounds of ['nan', 'clip'] as const) {
      const expected = testCase[outOfBounds];
      const model = fitIsotonicRegression(testCase.x, testCase.y, {
        increasing: testCase.increasing,
        outOfBounds,
      });
      expectAllClose(model.xThresholds, expected.xThresholds, `${outOfBounds} x`, ISOTONIC_RTOL);
      expectAllClose(model.yThresholds, expected.yThresholds, `${outOfBounds} y`, ISOTONIC_RTOL);
      expectAllClose(
        model.predict(testCase.grid),
        expected.predictions,
        `${outOfBounds} predict`,
        ISOTONIC_RTOL,
      );
    }
  });

  it('fits a non-decreasing function that is the identity on sorted data', () => {
    const model = fitIsotonicRegression([1, 2, 3, 4], [1, 3, 2, 4]);
    expect(Array.from(model.predict([1, 2, 2.5, 3, 4]))).toEqual([1, 2.5, 2.5, 2.5, 4]);
    expect(Array.from(model.predict([0, 5]))).toEqual([Number.NaN, Number.NaN]);
  });
});

describe('the numpy RandomState stream and StratifiedShuffleSplit are reproduced exactly', () => {
  it('RandomState(42).permutation', () => {
    const random = new LegacyRandomState(42);
    for (const expected of golden.randomState.permutationsSeed42) {
      const n = expected.length === 50 ? 70000 : expected.length;
      expect(random.permutation(n).slice(0, expected.length)).toEqual(expected);
    }
  });

  it('StratifiedShuffleSplit(n_splits=10, test_size=0.1, random_state=42), two classes', () => {
    const { splitClasses, splits } = golden.randomState;
    expect(stratifiedShuffleSplits(splitClasses, 10, 0.1, 42)).toEqual(splits);
  });

  it('StratifiedShuffleSplit with three classes and tied remainders', () => {
    const { splitClassesThree, splitsThree } = golden.randomState;
    expect(stratifiedShuffleSplits(splitClassesThree, 3, 0.1, 42)).toEqual(splitsThree);
  });
});

describe('the calibration check matches NannyML 0.13.1 (golden)', () => {
  it.each(golden.calibrationCheck.map((c) => [c.name, c] as const))('%s', (_name, testCase) => {
    const need = checkCalibrationNeed(testCase.yTrue, testCase.yPredProba);
    expect(need.needed).toBe(testCase.needsCalibration);
    if (testCase.errorBefore === undefined) {
      expect(need.errorBefore).toBeUndefined();
      return;
    }
    // The raw scores have no ties, so their ECE is reproduced to 1e-12.
    expectClose(need.errorBefore as number, testCase.errorBefore, { label: 'ECE before' });
    // Calibrated scores tie within each isotonic step. NannyML sorts them with numpy's
    // unstable argsort, which may order tied rows of different classes differently across a
    // bin edge; with ties kept in input order the value is NannyML's formula with a stable
    // sort (exact), and differs from NannyML's own by the rows that switch bins (< 0.01 here).
    expectClose(need.errorAfter as number, testCase.errorAfterStableSort as number, {
      label: 'ECE after, stable sort',
    });
    expectClose(need.errorAfter as number, testCase.errorAfter as number, {
      label: 'ECE after',
      atol: 0.01,
    });
  });
});
