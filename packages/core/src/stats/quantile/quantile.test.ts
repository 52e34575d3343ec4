import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { expectClose, readGolden } from '../../../test/support/golden';
import { EmptyInputError, InvalidArgumentError } from '../../errors';
import { arrayFromFixture } from '../__fixtures__/fixture-arrays';
import { type QuantileMethod, quantile, quantiles } from '../index';

interface QuantileCase {
  name: string;
  dtype: string;
  values: number[];
  method: QuantileMethod;
  qs: number[];
  expected: number[];
}

const golden = readGolden<QuantileCase[]>(
  new URL('../__fixtures__/quantile.json', import.meta.url),
);

describe('quantiles match numpy.quantile (golden)', () => {
  it.each(
    golden.cases.map((testCase) => [`${testCase.name} ${testCase.method}`, testCase] as const),
  )('%s', (_label, testCase) => {
    const values = arrayFromFixture(testCase.values, testCase.dtype);
    const result = quantiles(values, testCase.qs, { method: testCase.method });
    expect(result).toHaveLength(testCase.expected.length);
    testCase.expected.forEach((expected, index) => {
      const q = testCase.qs[index] as number;
      expectClose(result[index] as number, expected, { label: `q=${q}` });
      expectClose(quantile(values, q, { method: testCase.method }), expected, {
        label: `single q=${q}`,
      });
    });
  });
});

/** Sort-based reference for numpy's default ('linear') method. */
function sortedLinear(values: readonly number[], q: number): number {
  const sorted = [...values].sort((a, b) => a - b);
  const position = (sorted.length - 1) * q;
  const lower = Math.floor(position);
  const upper = Math.min(lower + 1, sorted.length - 1);
  const t = position - lower;
  const a = sorted[lower] as number;
  const b = sorted[upper] as number;
  return t >= 0.5 ? b - (b - a) * (1 - t) : a + (b - a) * t;
}

const finiteArrays = fc.array(fc.double({ min: -1e6, max: 1e6, noNaN: true }), {
  minLength: 1,
  maxLength: 2000,
});

describe('quantile invariants', () => {
  it('agrees with a sort-based reference, including on large inputs that use sampling', () => {
    fc.assert(
      fc.property(
        fc.array(fc.integer({ min: -50, max: 50 }), { minLength: 1, maxLength: 3000 }),
        fc.double({ min: 0, max: 1, noNaN: true }),
        (values, q) => {
          expect(quantile(values, q)).toBe(sortedLinear(values, q));
        },
      ),
    );
  });

  it('is monotone in q and bounded by the extremes', () => {
    fc.assert(
      fc.property(
        finiteArrays,
        fc.array(fc.double({ min: 0, max: 1, noNaN: true }), { minLength: 1, maxLength: 12 }),
        (values, qs) => {
          const sortedQs = [...qs].sort((a, b) => a - b);
          const result = quantiles(values, sortedQs);
          for (let i = 1; i < result.length; i++) {
            expect(result[i] as number).toBeGreaterThanOrEqual(result[i - 1] as number);
          }
          // === rather than toBe: −0 and +0 are the same order statistic.
          expect(quantile(values, 0) === Math.min(...values)).toBe(true);
          expect(quantile(values, 1) === Math.max(...values)).toBe(true);
        },
      ),
    );
  });

  it('does not modify its input', () => {
    fc.assert(
      fc.property(finiteArrays, (values) => {
        const copy = Float64Array.from(values);
        quantiles(copy, [0.1, 0.5, 0.9]);
        expect(Array.from(copy)).toEqual(values);
      }),
    );
  });

  it('returns NaN for every q when the data contains NaN', () => {
    expect(Array.from(quantiles([1, Number.NaN, 3], [0, 0.5]))).toEqual([Number.NaN, Number.NaN]);
  });

  it('selects correctly on large adversarial inputs (sorted, reversed, all equal)', () => {
    const n = 200_001;
    const ascending = Float64Array.from({ length: n }, (_, i) => i);
    const descending = Float64Array.from({ length: n }, (_, i) => n - i);
    const equal = new Float64Array(n).fill(4);
    expect(Array.from(quantiles(ascending, [0.25, 0.5, 0.75]))).toEqual([50_000, 100_000, 150_000]);
    expect(quantile(descending, 0.5)).toBe(100_001);
    expect(quantile(equal, 0.3)).toBe(4);
  });

  it('validates its arguments', () => {
    expect(() => quantile([], 0.5)).toThrow(EmptyInputError);
    expect(() => quantiles(new Float64Array(0), [0.5])).toThrow(EmptyInputError);
    expect(() => quantile([1, 2], 1.5)).toThrow(InvalidArgumentError);
    expect(() => quantile([1, 2], -0.1)).toThrow(InvalidArgumentError);
    expect(() => quantile([1, 2], Number.NaN)).toThrow(InvalidArgumentError);
    expect(() => quantiles([1, 2], [0.5, 2])).toThrow(/qs\[1\]/);
    expect(() => quantile([1, 2], 0.5, { method: 'cubic' as QuantileMethod })).toThrow(
      InvalidArgumentError,
    );
  });
});
