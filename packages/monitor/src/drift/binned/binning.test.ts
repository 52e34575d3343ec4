import { EmptyInputError, InvalidArgumentError } from '@dagnostics/core';
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { expectClose } from '../../../test/support/golden';
import {
  pythonKey,
  readBinnedGolden,
  type SampleCase,
  sampleValues,
} from '../__fixtures__/binned-fixture';
import { type BinnedPercents, evidentlyBinnedPercents, evidentlyZeroFill } from './index';

const golden = readBinnedGolden();
const cases = golden.samples.map((testCase) => [testCase.name, testCase] as const);

/** Evidently's shares reordered to our bins (its categorical bins are in Python set order). */
function alignedExpected(
  testCase: SampleCase,
  binned: BinnedPercents,
  expected: { reference: number[]; current: number[] },
): { reference: number[]; current: number[] } {
  if (testCase.binKeys === null) return expected;
  const position = new Map(testCase.binKeys.map((key, index) => [pythonKey(key), index]));
  const reorder = (shares: number[]) =>
    (binned.keys ?? []).map(
      (key) => shares[position.get(key as number | string) as number] as number,
    );
  return { reference: reorder(expected.reference), current: reorder(expected.current) };
}

function expectShares(actual: Float64Array, expected: number[], label: string): void {
  expect(actual).toHaveLength(expected.length);
  expected.forEach((share, index) => {
    expectClose(actual[index] as number, share, { label: `${label}[${index}]` });
  });
}

describe('evidentlyBinnedPercents matches Evidently get_binned_data (golden)', () => {
  it.each(cases)('%s', (_name, testCase) => {
    const reference = sampleValues(testCase.reference, testCase.dtype);
    const current = sampleValues(testCase.current, testCase.dtype);
    const columnType = testCase.columnType;
    const raw = evidentlyBinnedPercents(reference, current, { columnType, fillZeros: false });
    expect(raw.keys === undefined).toBe(testCase.binKeys === null);
    expect(raw.edges === undefined).toBe(testCase.binKeys !== null);
    const expectedRaw = alignedExpected(testCase, raw, testCase.binned);
    expectShares(raw.reference, expectedRaw.reference, 'reference');
    expectShares(raw.current, expectedRaw.current, 'current');

    const filled = evidentlyBinnedPercents(reference, current, { columnType });
    const expectedFilled = alignedExpected(testCase, filled, testCase.binnedZeroFilled);
    expectShares(filled.reference, expectedFilled.reference, 'filled reference');
    expectShares(filled.current, expectedFilled.current, 'filled current');
  });

  it('bins a category only the current sample has, with share 0 in the reference', () => {
    const binned = evidentlyBinnedPercents(['a', 'a', 'b'], ['a', 'c'], {
      columnType: 'cat',
      fillZeros: false,
    });
    expect(binned.keys).toEqual(['a', 'b', 'c']);
    expect(Array.from(binned.reference)).toEqual([2 / 3, 1 / 3, 0]);
    expect(Array.from(binned.current)).toEqual([0.5, 0, 0.5]);
  });

  it('keys booleans as Python does (True == 1) and drops missing values', () => {
    const binned = evidentlyBinnedPercents([true, 1, null, false], [0, Number.NaN, undefined], {
      columnType: 'cat',
      fillZeros: false,
    });
    expect(binned.keys).toEqual([0, 1]);
    expect(Array.from(binned.reference)).toEqual([1 / 3, 2 / 3]);
    expect(Array.from(binned.current)).toEqual([1, 0]);
  });
});

describe('evidentlyZeroFill', () => {
  it('fills with 1e-4 when the smallest share is above 1e-4, and m/1e6 otherwise', () => {
    expect(Array.from(evidentlyZeroFill([0.5, 0, 0.5]))).toEqual([0.5, 0.0001, 0.5]);
    expect(Array.from(evidentlyZeroFill([0.0001, 0, 0.9999]))).toEqual([0.0001, 1e-10, 0.9999]);
    expect(Array.from(evidentlyZeroFill([0.00005, 0, 0.99995]))).toEqual([
      0.00005,
      0.00005 / 1e6,
      0.99995,
    ]);
  });

  it('leaves no zero and never renormalises', () => {
    fc.assert(
      fc.property(
        fc
          .array(fc.nat({ max: 50 }), { minLength: 1, maxLength: 30 })
          .filter((counts) => counts.some((count) => count > 0)),
        (counts) => {
          const total = counts.reduce((sum, count) => sum + count, 0);
          const shares = counts.map((count) => count / total);
          const smallest = Math.min(...shares.filter((share) => share > 0));
          const fill = smallest <= 1e-4 ? smallest / 1e6 : 1e-4;
          const filled = evidentlyZeroFill(shares);
          shares.forEach((share, index) => {
            expect(filled[index]).toBe(share === 0 ? fill : share);
          });
        },
      ),
    );
  });

  it('rejects an all-zero vector', () => {
    expect(() => evidentlyZeroFill([0, 0])).toThrow(InvalidArgumentError);
  });
});

describe('evidentlyBinnedPercents rejects bad input', () => {
  it('throws EmptyInputError naming the sample that is empty after dropping missing values', () => {
    const call = (reference: unknown[], current: unknown[]) => () =>
      evidentlyBinnedPercents(reference as number[], current as number[], { columnType: 'num' });
    expect(call([Number.NaN, null], [1, 2])).toThrow(EmptyInputError);
    expect(call([Number.NaN, null], [1, 2])).toThrow(
      expect.objectContaining({ argument: 'reference' }),
    );
    expect(call([1, 2], [Number.POSITIVE_INFINITY])).toThrow(
      expect.objectContaining({ argument: 'current' }),
    );
    expect(() => evidentlyBinnedPercents(['a'], [], { columnType: 'cat' })).toThrow(
      expect.objectContaining({ name: EmptyInputError.errorName, argument: 'current' }),
    );
  });

  it('rejects strings in a numerical column and unsupported column types', () => {
    expect(() => evidentlyBinnedPercents([1, 'x'], [1], { columnType: 'num' })).toThrow(
      InvalidArgumentError,
    );
    expect(() => evidentlyBinnedPercents(['a'], ['b'], { columnType: 'text' })).toThrow(
      expect.objectContaining({ argument: 'columnType' }),
    );
    expect(() => evidentlyBinnedPercents([{}] as never, ['b'], { columnType: 'cat' })).toThrow(
      expect.objectContaining({ argument: 'reference' }),
    );
  });
});
