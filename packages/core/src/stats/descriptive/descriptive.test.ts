import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { expectClose, readGolden } from '../../../test/support/golden';
import { EmptyInputError, InvalidArgumentError } from '../../errors';
import { arrayFromFixture } from '../__fixtures__/fixture-arrays';
import { mean, skewness, standardDeviation, variance } from '../index';

interface DescriptiveCase {
  name: string;
  dtype: string;
  values: number[];
  mean: number;
  variance: number;
  varianceDdof1: number | null;
  standardDeviation: number;
  standardDeviationDdof1: number | null;
  skewness: number | null;
}

const golden = readGolden<DescriptiveCase[]>(
  new URL('../__fixtures__/descriptive.json', import.meta.url),
);

describe('descriptive statistics match numpy / scipy.stats.skew (golden)', () => {
  it.each(golden.cases.map((testCase) => [testCase.name, testCase] as const))(
    '%s',
    (_name, testCase) => {
      const values = arrayFromFixture(testCase.values, testCase.dtype);
      const label = testCase.name;
      expectClose(mean(values), testCase.mean, { label: `${label} mean` });
      expectClose(variance(values), testCase.variance, { label: `${label} variance` });
      expectClose(standardDeviation(values), testCase.standardDeviation, { label: `${label} std` });
      if (testCase.varianceDdof1 === null || testCase.standardDeviationDdof1 === null) {
        // n = 1 with ddof = 1 divides 0 by 0, as numpy does.
        expect(variance(values, { ddof: 1 })).toBeNaN();
      } else {
        expectClose(variance(values, { ddof: 1 }), testCase.varianceDdof1, {
          label: `${label} var1`,
        });
        expectClose(standardDeviation(values, { ddof: 1 }), testCase.standardDeviationDdof1, {
          label: `${label} std1`,
        });
      }
      if (testCase.skewness === null) {
        // Symmetric data: scipy's value is rounding noise, so only its size is checked.
        expect(Math.abs(skewness(values))).toBeLessThan(1e-6);
      } else {
        expectClose(skewness(values), testCase.skewness, { label: `${label} skewness` });
      }
    },
  );

  it('sums in numpy’s pairwise order, so large sums agree to the last bit', () => {
    const values = golden.cases.find((testCase) => testCase.name === 'uniform-large');
    expect(values).toBeDefined();
    expect(mean((values as DescriptiveCase).values)).toBe((values as DescriptiveCase).mean);
  });
});

describe('descriptive statistics: errors and invariants', () => {
  it('throws EmptyInputError for empty input', () => {
    for (const statistic of [mean, variance, standardDeviation, skewness]) {
      expect(() => statistic([])).toThrow(EmptyInputError);
      try {
        statistic(new Float64Array(0));
      } catch (error) {
        expect(EmptyInputError.isInstance(error)).toBe(true);
        expect(InvalidArgumentError.isInstance(error)).toBe(true);
        expect((error as EmptyInputError).argument).toBe('values');
      }
    }
  });

  it('rejects a non-finite ddof and non-array input', () => {
    expect(() => variance([1, 2], { ddof: Number.NaN })).toThrow(InvalidArgumentError);
    expect(() => mean('12' as unknown as number[])).toThrow(InvalidArgumentError);
    expect(() => mean(new BigInt64Array(2) as unknown as number[])).toThrow(InvalidArgumentError);
  });

  it('variance is shift invariant and non-negative', () => {
    fc.assert(
      fc.property(
        fc.array(fc.double({ min: -1e3, max: 1e3, noNaN: true }), { minLength: 2, maxLength: 60 }),
        fc.double({ min: -1e3, max: 1e3, noNaN: true }),
        (values, shift) => {
          const base = variance(values);
          expect(base).toBeGreaterThanOrEqual(0);
          const shifted = variance(values.map((value) => value + shift));
          expect(Math.abs(shifted - base)).toBeLessThanOrEqual(1e-9 * (1 + base));
        },
      ),
    );
  });

  it('skewness changes sign when the data is mirrored', () => {
    fc.assert(
      fc.property(
        fc.array(fc.double({ min: -100, max: 100, noNaN: true }), { minLength: 3, maxLength: 40 }),
        (values) => {
          const forward = skewness(values);
          fc.pre(Number.isFinite(forward));
          const mirrored = skewness(values.map((value) => -value));
          expect(Math.abs(forward + mirrored)).toBeLessThanOrEqual(1e-9 * (1 + Math.abs(forward)));
        },
      ),
    );
  });
});
