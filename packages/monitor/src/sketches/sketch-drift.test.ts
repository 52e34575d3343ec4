import { createRng, EmptyInputError, InvalidArgumentError } from '@dagnostics/core';
import { describe, expect, it } from 'vitest';
import {
  evidentlyBinnedPercents,
  jensenShannonDriftTest,
  ksTwoSample,
  normedWassersteinDistance,
  psiDriftTest,
  wassersteinDistance,
} from '../drift';
import {
  createKllSketch,
  jensenShannonDistanceFromSketches,
  type KllSketch,
  kolmogorovSmirnovFromSketches,
  normedWassersteinDistanceFromSketches,
  populationStabilityIndexFromSketches,
  sketchBinnedPercents,
  wassersteinDistanceFromSketches,
} from './index';

/** Two-sample KS statistic by sorting: sup |F1 − F2| over the merged sorted values. */
function exactKolmogorovSmirnov(first: Float64Array, second: Float64Array): number {
  const a = first.slice().sort();
  const b = second.slice().sort();
  let i = 0;
  let j = 0;
  let statistic = 0;
  while (i < a.length && j < b.length) {
    const value = Math.min(a[i] as number, b[j] as number);
    while (i < a.length && (a[i] as number) <= value) i++;
    while (j < b.length && (b[j] as number) <= value) j++;
    statistic = Math.max(statistic, Math.abs(i / a.length - j / b.length));
  }
  return statistic;
}

// The golden samples of the reference (§4.6): a_k = ((37k) mod 101)/10, b_k = ((53k) mod 97)/8 + 0.5.
const goldenA = Float64Array.from({ length: 200 }, (_, i) => ((37 * (i + 1)) % 101) / 10);
const goldenB = Float64Array.from({ length: 150 }, (_, i) => ((53 * (i + 1)) % 97) / 8 + 0.5);

function sketch(values: Float64Array, k: number, seed: number): KllSketch {
  return createKllSketch({ k, seed }).updateMany(values);
}

describe('drift from uncompacted sketches equals the exact statistics', () => {
  const reference = sketch(goldenA, 200, 1);
  const current = sketch(goldenB, 200, 2);

  it('has no error to bound', () => {
    expect(reference.rankErrorScale).toBe(0);
    expect(current.rankErrorScale).toBe(0);
  });

  it('KS: scipy ks_2samp statistic and asymptotic p-value', () => {
    const result = kolmogorovSmirnovFromSketches(reference, current);
    expect(result.statistic).toBe(0.20666666666666667);
    expect(result.errorBound).toBe(0);
    expect(result.pValue).toBeCloseTo(0.0010652748190249145, 15);
    expect(result.pValue).toBe(ksTwoSample(goldenA, goldenB, { method: 'asymp' }).pValue);
  });

  it('Wasserstein, raw and normed as Evidently', () => {
    expect(wassersteinDistanceFromSketches(reference, current).statistic).toBeCloseTo(1.4545, 12);
    expect(wassersteinDistanceFromSketches(reference, current).statistic).toBeCloseTo(
      wassersteinDistance(goldenA, goldenB),
      13,
    );
    const normed = normedWassersteinDistanceFromSketches(reference, current);
    expect(normed.statistic).toBeCloseTo(0.5003668826172795, 12);
    expect(normed.statistic).toBeCloseTo(normedWassersteinDistance(goldenA, goldenB), 13);
    expect(normed.errorBound).toBe(0);
  });

  it("PSI and Jensen-Shannon on Evidently's Sturges bins", () => {
    const binned = sketchBinnedPercents(reference, current);
    const exact = evidentlyBinnedPercents(goldenA, goldenB, {
      columnType: 'num',
      fillZeros: false,
    });
    expect(binned.edges).toEqual(exact.edges);
    expect(binned.edges.length).toBe(11);
    expect(binned.reference).toEqual(exact.reference);
    expect(binned.current).toEqual(exact.current);
    const psi = populationStabilityIndexFromSketches(reference, current);
    expect(psi.statistic).toBe(1.0135085666821038);
    expect(psi.statistic).toBe(
      psiDriftTest.evaluate(goldenA, goldenB, { columnType: 'num' }).score,
    );
    expect(psi.errorBound).toBe(0);
    const js = jensenShannonDistanceFromSketches(reference, current);
    expect(js.statistic).toBeCloseTo(0.25722285034598974, 15);
    expect(js.statistic).toBe(
      jensenShannonDriftTest.evaluate(goldenA, goldenB, { columnType: 'num' }).score,
    );
    expect(js.errorBound).toBe(0);
  });
});

type Scenario = [
  string,
  (seed: number, size: number) => Float64Array,
  (seed: number, size: number) => Float64Array,
];

const normal = (shift: number, scale: number) => (seed: number, size: number) => {
  const rng = createRng([seed, 21]);
  return Float64Array.from({ length: size }, () => rng.normal(shift, scale));
};
const lognormal = (sigma: number) => (seed: number, size: number) => {
  const rng = createRng([seed, 22]);
  return Float64Array.from({ length: size }, () => Math.exp(sigma * rng.normal()));
};
const ties = (high: number) => (seed: number, size: number) => {
  const rng = createRng([seed, 23]);
  return Float64Array.from({ length: size }, () => rng.int(0, high) / 4);
};

const scenarios: Scenario[] = [
  ['same normal', normal(0, 1), normal(0, 1)],
  ['shifted normal', normal(0, 1), normal(0.1, 1)],
  ['wider normal', normal(0, 1), normal(0, 1.3)],
  ['lognormal', lognormal(1), lognormal(1.1)],
  ['heavy ties', ties(40), ties(44)],
];

describe('drift from compacted sketches, against the exact statistics', () => {
  it.each(scenarios)('%s: every statistic lies within its error bound', (_, first, second) => {
    for (let seed = 0; seed < 2; seed++) {
      for (const k of [32, 200]) {
        const a = first(seed, 24_000);
        const b = second(seed + 100, 18_000);
        const reference = sketch(a, k, 2 * seed);
        const current = sketch(b, k, 2 * seed + 1);
        const ks = kolmogorovSmirnovFromSketches(reference, current);
        expect(Math.abs(ks.statistic - exactKolmogorovSmirnov(a, b))).toBeLessThanOrEqual(
          ks.errorBound,
        );
        const wasserstein = normedWassersteinDistanceFromSketches(reference, current);
        expect(
          Math.abs(wasserstein.statistic - normedWassersteinDistance(a, b)),
        ).toBeLessThanOrEqual(wasserstein.errorBound);
        const psi = populationStabilityIndexFromSketches(reference, current);
        const exactPsi = psiDriftTest.evaluate(a, b, { columnType: 'num' }).score;
        expect(Math.abs(psi.statistic - exactPsi)).toBeLessThanOrEqual(psi.errorBound);
        const js = jensenShannonDistanceFromSketches(reference, current);
        const exactJs = jensenShannonDriftTest.evaluate(a, b, { columnType: 'num' }).score;
        expect(Math.abs(js.statistic - exactJs)).toBeLessThanOrEqual(js.errorBound);
      }
    }
  });

  it('KS error stays within the bound and below 0.01 for 1M vs 1M values at k = 200', () => {
    const a = normal(0, 1)(31, 1_000_000);
    const b = normal(0.05, 1)(32, 1_000_000);
    const reference = sketch(a, 200, 31);
    const current = sketch(b, 200, 32);
    const exact = exactKolmogorovSmirnov(a, b);
    const result = kolmogorovSmirnovFromSketches(reference, current);
    const error = Math.abs(result.statistic - exact);
    expect(error).toBeLessThanOrEqual(result.errorBound);
    expect(error).toBeLessThan(0.01);
    expect(result.pValue).toBeLessThan(1e-100);
  });
});

describe('drift from sketches: errors', () => {
  it('rejects an empty sketch and an invalid confidence', () => {
    const full = sketch(goldenA, 200, 1);
    const empty = createKllSketch().update(Number.NaN);
    for (const statistic of [
      kolmogorovSmirnovFromSketches,
      wassersteinDistanceFromSketches,
      normedWassersteinDistanceFromSketches,
      populationStabilityIndexFromSketches,
      jensenShannonDistanceFromSketches,
    ]) {
      expect(() => statistic(empty, full)).toThrow(EmptyInputError);
      expect(() => statistic(full, empty)).toThrow(/current/);
      expect(() => statistic(full, full, { confidence: 1 })).toThrow(InvalidArgumentError);
    }
  });
});
