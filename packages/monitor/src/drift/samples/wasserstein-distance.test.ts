import { EmptyInputError, InvalidArgumentError } from '@dagnostics/core';
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { expectClose } from '../../../test/support/golden';
import { dataset, pairLabel, samplesGolden } from '../__fixtures__/samples-fixture';
import { energyDistance, normedWassersteinDistance, wassersteinDistance } from './index';

interface DistanceCase {
  reference: string;
  current: string;
  expected: number;
}

interface WeightedCase {
  reference: string;
  current: string;
  referenceWeights: number[] | null;
  currentWeights: number[] | null;
  wasserstein: number;
  energy: number;
}

const wasserstein = samplesGolden.wasserstein as DistanceCase[];
const energy = samplesGolden.energy as DistanceCase[];
const weighted = samplesGolden.weighted as WeightedCase[];

describe('wassersteinDistance and energyDistance match scipy (golden)', () => {
  it.each(wasserstein.map((c) => [pairLabel(c.reference, c.current), c] as const))(
    'wasserstein_distance %s',
    (_label, c) => {
      expectClose(wassersteinDistance(dataset(c.reference), dataset(c.current)), c.expected);
    },
  );

  it.each(energy.map((c) => [pairLabel(c.reference, c.current), c] as const))(
    'energy_distance %s',
    (_label, c) => {
      expectClose(energyDistance(dataset(c.reference), dataset(c.current)), c.expected);
    },
  );

  it.each(
    weighted.map(
      (c) =>
        [
          `${pairLabel(c.reference, c.current)} weights ${c.referenceWeights ? 'u' : '-'}${c.currentWeights ? 'v' : '-'}`,
          c,
        ] as const,
    ),
  )('weighted %s', (_label, c) => {
    const options = {
      referenceWeights: c.referenceWeights ?? undefined,
      currentWeights: c.currentWeights ?? undefined,
    };
    const reference = dataset(c.reference);
    const current = dataset(c.current);
    // Weights of tied values are summed in a different order than numpy's unstable argsort.
    expectClose(wassersteinDistance(reference, current, options), c.wasserstein, { rtol: 1e-13 });
    expectClose(energyDistance(reference, current, options), c.energy, { rtol: 1e-13 });
  });
});

describe('CDF distances: behaviour', () => {
  it('normedWassersteinDistance divides by the reference std, floored at 0.001', () => {
    const reference = [1, 2, 3, 4];
    const current = [2, 3, 4, 5];
    expect(normedWassersteinDistance(reference, current)).toBeCloseTo(1 / Math.sqrt(1.25), 15);
    expect(normedWassersteinDistance([2, 2, 2], [2, 3])).toBeCloseTo(0.5 / 0.001, 9);
  });

  it('drops NaN and ±Infinity (with their weights) and names an empty sample', () => {
    expect(wassersteinDistance([1, Number.NaN, 3], [2, Number.POSITIVE_INFINITY])).toBe(
      wassersteinDistance([1, 3], [2]),
    );
    expect(energyDistance([1, Number.NaN, 3], [2], { referenceWeights: [1, 100, 3] })).toBe(
      energyDistance([1, 3], [2], { referenceWeights: [1, 3] }),
    );
    expect(() => wassersteinDistance([Number.NaN], [1])).toThrowError(EmptyInputError);
    expect(() => energyDistance([1], [])).toThrowError(/current/);
  });

  it('rejects weights of the wrong length, negative or summing to zero', () => {
    expect(() => wassersteinDistance([1, 2], [3], { referenceWeights: [1] })).toThrowError(
      InvalidArgumentError,
    );
    expect(() => wassersteinDistance([1, 2], [3], { currentWeights: [-1] })).toThrowError(
      /currentWeights/,
    );
    expect(() => energyDistance([1, 2], [3], { referenceWeights: [0, 0] })).toThrowError(
      /positive, finite sum/,
    );
  });

  it('are metrics: zero on equal samples, symmetric, and W₁ shifts by the shift', () => {
    const sample = fc.array(fc.double({ min: -1e3, max: 1e3, noNaN: true }), {
      minLength: 1,
      maxLength: 50,
    });
    fc.assert(
      fc.property(sample, sample, fc.double({ min: -10, max: 10, noNaN: true }), (a, b, shift) => {
        expect(wassersteinDistance(a, [...a].reverse())).toBe(0);
        expect(energyDistance(a, a)).toBe(0);
        expectClose(wassersteinDistance(b, a), wassersteinDistance(a, b), {
          rtol: 1e-12,
          atol: 1e-9,
        });
        expectClose(energyDistance(b, a), energyDistance(a, b), { rtol: 1e-12, atol: 1e-9 });
        const shifted = a.map((value) => value + shift);
        expectClose(wassersteinDistance(a, shifted), Math.abs(shift), { rtol: 1e-9, atol: 1e-9 });
      }),
    );
  });
});
