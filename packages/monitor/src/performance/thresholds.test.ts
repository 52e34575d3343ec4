import { describe, expect, it } from 'vitest';
import { expectClose } from '../../test/support/golden';
import { performanceGolden } from './__fixtures__/performance-fixture';
import { flagOutsideThresholds, standardDeviationThresholds } from './index';

const golden = performanceGolden();

function expectThreshold(actual: number | null, expected: number | null, label: string): void {
  if (expected === null) expect(actual, label).toBeNull();
  else expectClose(actual as number, expected, { label });
}

describe('standard-deviation thresholds match NannyML 0.13.1 (golden)', () => {
  it.each(golden.thresholds.map((c) => [c.name, c] as const))('%s', (_name, testCase) => {
    for (const variant of testCase.variants) {
      const thresholds = standardDeviationThresholds(testCase.values, {
        lowerMultiplier: variant.lowerMultiplier,
        upperMultiplier: variant.upperMultiplier,
        ...(variant.lowerLimit === null ? {} : { lowerLimit: variant.lowerLimit }),
        ...(variant.upperLimit === null ? {} : { upperLimit: variant.upperLimit }),
        beyondLimit: variant.overrideUsingNone ? 'null' : 'limit',
      });
      const label = JSON.stringify(variant);
      expectThreshold(thresholds.lower, variant.lower, `${label} lower`);
      expectThreshold(thresholds.upper, variant.upper, `${label} upper`);
    }
  });
});

describe('thresholds: behaviour', () => {
  it('uses the population standard deviation (ddof = 0)', () => {
    expect(standardDeviationThresholds([0, 2], { lowerMultiplier: 1, upperMultiplier: 1 })).toEqual(
      {
        lower: 0,
        upper: 2,
      },
    );
  });

  it('flags strictly outside values only, never NaN, and ignores a missing side', () => {
    expect(
      flagOutsideThresholds([0.5, 0.4, 0.9, 1, Number.NaN], { lower: 0.5, upper: 0.9 }),
    ).toEqual([false, true, false, true, false]);
    expect(flagOutsideThresholds([-10, 10], { lower: null, upper: 5 })).toEqual([false, true]);
  });

  it('rejects a negative multiplier', () => {
    expect(() => standardDeviationThresholds([1, 2], { upperMultiplier: -1 })).toThrow(
      /upperMultiplier/,
    );
  });
});
