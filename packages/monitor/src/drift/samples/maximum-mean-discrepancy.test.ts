import { createRng, EmptyInputError, InvalidArgumentError } from '@dagnostics/core';
import { describe, expect, it } from 'vitest';
import { expectClose } from '../../../test/support/golden';
import { dataset, pairLabel, samplesGolden } from '../__fixtures__/samples-fixture';
import { maximumMeanDiscrepancy, multivariateMaximumMeanDiscrepancy } from './index';

interface MmdCase {
  reference: string;
  current: string;
  seed: number;
  permutations: number;
  statistic: number;
  pValue: number;
  sigma: number;
}

const cases = samplesGolden.mmd as MmdCase[];

describe('maximumMeanDiscrepancy matches Evidently empirical_mmd (golden)', () => {
  // The generator patched numpy.random.permutation with Generator(SFC64(seed)).permutation,
  // which createRng(seed) reproduces, so Evidently's permutations are ours.
  it.each(cases.map((c) => [`${pairLabel(c.reference, c.current)} seed ${c.seed}`, c] as const))(
    '%s',
    (_label, c) => {
      const result = maximumMeanDiscrepancy(dataset(c.reference), dataset(c.current), {
        seed: c.seed,
        permutations: c.permutations,
      });
      expectClose(result.sigma, c.sigma, { label: 'sigma' });
      // MMD² is a difference of kernel means of size ~1: compare it in absolute terms.
      expectClose(result.statistic, c.statistic, { atol: 1e-13, label: 'MMD²' });
      expect(result.pValue).toBe(c.pValue);
      expect(result.permutations).toBe(100);
    },
  );
});

function normalRows(seed: number, rows: number, shift: readonly number[]): number[][] {
  const rng = createRng(seed);
  return Array.from({ length: rows }, () => shift.map((offset) => rng.normal() + offset));
}

describe('maximumMeanDiscrepancy behaviour', () => {
  it('is reproducible for a seed and the p-value is a multiple of 1/permutations', () => {
    const a = dataset('normal-200').slice(0, 60);
    const b = dataset('normal-230').slice(0, 50);
    const first = maximumMeanDiscrepancy(a, b, { seed: 'drift', permutations: 40 });
    expect(maximumMeanDiscrepancy(a, b, { seed: 'drift', permutations: 40 })).toEqual(first);
    expect(Number.isInteger(first.pValue * 40)).toBe(true);
    expect(maximumMeanDiscrepancy(a, b, { sigma: 0.5 }).sigma).toBe(0.5);
  });

  it('has roughly uniform p-values under the null and detects a shift', () => {
    const pValues: number[] = [];
    for (let seed = 0; seed < 40; seed++) {
      const [a, b] = [normalRows(2 * seed + 1, 30, [0]), normalRows(2 * seed + 2, 30, [0])];
      pValues.push(maximumMeanDiscrepancy(a.flat(), b.flat(), { seed, permutations: 50 }).pValue);
    }
    const meanP = pValues.reduce((sum, p) => sum + p, 0) / pValues.length;
    // Uniform p-values have mean ½ and standard error 1/√(12·40) ≈ 0.046.
    expect(meanP).toBeGreaterThan(0.3);
    expect(meanP).toBeLessThan(0.7);
    expect(pValues.filter((p) => p < 0.1).length).toBeLessThanOrEqual(10);
    const shifted = maximumMeanDiscrepancy(
      normalRows(99, 40, [0]).flat(),
      normalRows(100, 40, [1.5]).flat(),
    );
    expect(shifted.pValue).toBe(0);
  });

  it('rejects single values, empty samples and invalid options', () => {
    expect(() => maximumMeanDiscrepancy([1], [2, 3])).toThrowError(/reference/);
    expect(() => maximumMeanDiscrepancy([1, 2], [Number.NaN])).toThrowError(EmptyInputError);
    expect(() => maximumMeanDiscrepancy([1, 2], [3, 4], { permutations: 0 })).toThrowError(
      InvalidArgumentError,
    );
    expect(() => maximumMeanDiscrepancy([1, 2], [3, 4], { sigma: -1 })).toThrowError(/sigma/);
  });
});

describe('multivariateMaximumMeanDiscrepancy', () => {
  it('equals the univariate test on one-feature rows', () => {
    const a = dataset('twenty-a');
    const b = dataset('nineteen-b');
    expect(
      multivariateMaximumMeanDiscrepancy(
        a.map((value) => [value]),
        b.map((value) => [value]),
        { seed: 3 },
      ),
    ).toEqual(maximumMeanDiscrepancy(a, b, { seed: 3 }));
  });

  it('does not depend on the order of the features and detects a shift in one of them', () => {
    const a = normalRows(1, 40, [0, 0, 0]);
    const b = normalRows(2, 35, [0, 0, 1.2]);
    const result = multivariateMaximumMeanDiscrepancy(a, b, { seed: 5 });
    const reordered = multivariateMaximumMeanDiscrepancy(
      a.map(([x, y, z]) => [z as number, x as number, y as number]),
      b.map(([x, y, z]) => [z as number, x as number, y as number]),
      { seed: 5 },
    );
    expectClose(reordered.statistic, result.statistic, { rtol: 1e-12 });
    expect(reordered.pValue).toBe(result.pValue);
    expect(result.pValue).toBeLessThan(0.05);
    const same = multivariateMaximumMeanDiscrepancy(a, normalRows(3, 35, [0, 0, 0]), { seed: 5 });
    expect(same.pValue).toBeGreaterThan(0.05);
  });

  it('drops rows with a non-finite coordinate and rejects ragged rows', () => {
    const a = [
      [0, 1],
      [1, Number.NaN],
      [2, 0],
      [1, 1],
    ];
    const b = [
      [3, 1],
      [2, 2],
      [4, 0],
    ];
    expect(multivariateMaximumMeanDiscrepancy(a, b)).toEqual(
      multivariateMaximumMeanDiscrepancy([a[0], a[2], a[3]] as number[][], b),
    );
    expect(() =>
      multivariateMaximumMeanDiscrepancy(a, [
        [1, 2, 3],
        [4, 5, 6],
      ]),
    ).toThrowError(/row 0/);
    expect(() => multivariateMaximumMeanDiscrepancy([], b)).toThrowError(InvalidArgumentError);
  });
});
