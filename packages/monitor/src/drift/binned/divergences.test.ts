import { EmptyInputError, InvalidArgumentError } from '@dagnostics/core';
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { expectClose } from '../../../test/support/golden';
import { readBinnedGolden } from '../__fixtures__/binned-fixture';
import {
  jensenShannonDistance,
  klDivergence,
  populationStabilityIndex,
  totalVariationDistance,
} from './index';

const { vectors } = readBinnedGolden();

function label(testCase: { name: string; base?: number | null }): string {
  return testCase.base === undefined ? testCase.name : `${testCase.name}, base ${testCase.base}`;
}

function baseOption(base: number | null | undefined): { base?: number } {
  return base === null || base === undefined ? {} : { base };
}

describe('vector divergences match scipy (golden)', () => {
  it.each(vectors.entropy.map((testCase) => [label(testCase), testCase] as const))(
    'klDivergence = scipy.stats.entropy: %s',
    (_label, testCase) => {
      expectClose(
        klDivergence(testCase.p, testCase.q, baseOption(testCase.base)),
        testCase.expected,
      );
    },
  );

  it.each(vectors.jensenshannon.map((testCase) => [label(testCase), testCase] as const))(
    'jensenShannonDistance = scipy.spatial.distance.jensenshannon: %s',
    (_label, testCase) => {
      expectClose(
        jensenShannonDistance(testCase.p, testCase.q, baseOption(testCase.base)),
        testCase.expected,
      );
    },
  );

  it.each(vectors.psi.map((testCase) => [testCase.name, testCase] as const))(
    'populationStabilityIndex = Σ (p − q)·ln(p/q) in numpy: %s',
    (_name, testCase) => {
      expectClose(populationStabilityIndex(testCase.p, testCase.q), testCase.expected);
    },
  );

  it.each(vectors.tvd.map((testCase) => [testCase.name, testCase] as const))(
    'totalVariationDistance = Evidently _total_variation_distance: %s',
    (_name, testCase) => {
      expectClose(totalVariationDistance(testCase.p, testCase.q), testCase.expected);
    },
  );
});

const distribution = fc
  .array(fc.double({ min: 0, max: 1, noNaN: true }), { minLength: 1, maxLength: 40 })
  .filter((masses) => masses.some((mass) => mass > 1e-300));

const pairOfDistributions = fc.integer({ min: 1, max: 40 }).chain((length) =>
  fc.tuple(
    fc.array(fc.double({ min: 1e-6, max: 1, noNaN: true }), {
      minLength: length,
      maxLength: length,
    }),
    fc.array(fc.double({ min: 1e-6, max: 1, noNaN: true }), {
      minLength: length,
      maxLength: length,
    }),
  ),
);

describe('divergence invariants', () => {
  it('Jensen-Shannon is symmetric, zero on itself and bounded by √ln2 (1 in base 2)', () => {
    fc.assert(
      fc.property(pairOfDistributions, ([p, q]) => {
        const distance = jensenShannonDistance(p, q);
        expect(jensenShannonDistance(q, p)).toBeCloseTo(distance, 14);
        expect(distance).toBeLessThanOrEqual(Math.sqrt(Math.LN2) + 1e-15);
        expect(jensenShannonDistance(p, q, { base: 2 })).toBeLessThanOrEqual(1 + 1e-15);
      }),
    );
    fc.assert(
      fc.property(distribution, (p) => {
        expect(jensenShannonDistance(p, p)).toBe(0);
      }),
    );
  });

  it('KL, PSI and TVD are non-negative and vanish on identical vectors', () => {
    fc.assert(
      fc.property(pairOfDistributions, ([p, q]) => {
        expect(klDivergence(p, q)).toBeGreaterThan(-1e-15);
        expect(populationStabilityIndex(p, q)).toBeGreaterThanOrEqual(0);
        const tvd = totalVariationDistance(p, q);
        expect(tvd).toBeGreaterThanOrEqual(0);
        expect(tvd).toBeLessThanOrEqual(1 + 1e-15);
        expect(populationStabilityIndex(p, p)).toBe(0);
        expect(totalVariationDistance(p, p)).toBe(0);
      }),
    );
  });

  it('KL divergence is +∞ when q has no mass where p has some; PSI too', () => {
    expect(klDivergence([0.5, 0.5], [1, 0])).toBe(Number.POSITIVE_INFINITY);
    expect(populationStabilityIndex([0.5, 0.5], [1, 0])).toBe(Number.POSITIVE_INFINITY);
    expect(populationStabilityIndex([0.5, 0, 0.5], [0.5, 0, 0.5])).toBe(0);
  });
});

describe('divergences reject bad vectors', () => {
  it('throws for mismatched lengths, negative or non-finite masses, all-zero vectors and bad bases', () => {
    expect(() => klDivergence([0.5, 0.5], [1])).toThrow(InvalidArgumentError);
    expect(() => jensenShannonDistance([0.5, -0.5], [0.5, 0.5])).toThrow(
      expect.objectContaining({ argument: 'p' }),
    );
    expect(() => jensenShannonDistance([0.5, Number.NaN], [0.5, 0.5])).toThrow(
      InvalidArgumentError,
    );
    expect(() => klDivergence([0, 0], [0.5, 0.5])).toThrow(
      expect.objectContaining({ argument: 'p' }),
    );
    expect(() => jensenShannonDistance([1], [1], { base: 1 })).toThrow(
      expect.objectContaining({ argument: 'base' }),
    );
    expect(() => populationStabilityIndex([], [])).toThrow(EmptyInputError);
    expect(() => totalVariationDistance([0, 0], [1, 1])).toThrow(InvalidArgumentError);
  });
});
