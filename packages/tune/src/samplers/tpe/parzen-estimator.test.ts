import { createRng, InvalidArgumentError } from '@dagnostics/core';
import { describe, expect, it } from 'vitest';
import type { Distribution } from '../../types';
import { expectClose, tpeGolden } from './__fixtures__/golden';
import { stableArgsort } from './argsort';
import { defaultWeights } from './gamma-weights';
import { LogMassMemo } from './log-mass-memo';
import { ParzenEstimator, type ParzenEstimatorParameters, roundHalfEven } from './parzen-estimator';

interface EstimatorCase {
  name: string;
  space: Record<string, Distribution>;
  params: { prior_weight: number; consider_magic_clip: boolean; consider_endpoints: boolean };
  predetermined: number[] | null;
  tie_order_dependent: boolean;
  observations: Record<string, number[]>;
  weights: number[];
  dimensions: (
    | { type: 'numerical'; mus: number[]; sigmas: number[] }
    | { type: 'categorical'; probabilities: number[] }
  )[];
  points: Record<string, number[]>;
  log_pdf: number[];
}

const cases = tpeGolden<{ estimators: EstimatorCase[] }>().estimators;

function parameters(c: EstimatorCase): ParzenEstimatorParameters {
  return {
    priorWeight: c.params.prior_weight,
    considerMagicClip: c.params.consider_magic_clip,
    considerEndpoints: c.params.consider_endpoints,
    weights: defaultWeights,
  };
}

function build(c: EstimatorCase): ParzenEstimator {
  return new ParzenEstimator(c.observations, c.space, parameters(c), c.predetermined ?? undefined);
}

function expectArrayClose(actual: ArrayLike<number>, expected: number[], label: string): void {
  expect(actual.length, label).toBe(expected.length);
  for (let i = 0; i < expected.length; i++) {
    expectClose(actual[i] as number, expected[i] as number, `${label}[${i}]`);
  }
}

describe('ParzenEstimator against Optuna 5.0.0', () => {
  it('covers the planned cases', () => {
    expect(cases.length).toBeGreaterThan(80);
    expect(cases.some((c) => c.tie_order_dependent)).toBe(true);
  });

  for (const c of cases) {
    it(`${c.name}: weights, kernels and log-density`, () => {
      const estimator = build(c);
      expectArrayClose(estimator.weights, c.weights, 'weights');
      c.dimensions.forEach((expected, d) => {
        const actual = estimator.dimensions[d];
        expect(actual?.type).toBe(expected.type);
        if (actual?.type === 'numerical' && expected.type === 'numerical') {
          expectArrayClose(actual.mus, expected.mus, `mus ${d}`);
          expectArrayClose(actual.sigmas, expected.sigmas, `sigmas ${d}`);
        } else if (actual?.type === 'categorical' && expected.type === 'categorical') {
          expectArrayClose(actual.probabilities, expected.probabilities, `probabilities ${d}`);
        }
      });
      // Relative 1e-10, plus 1e-12 absolute for log-densities that pass through 0.
      const logPdf = estimator.logPdf(c.points);
      expect(logPdf.length).toBe(c.log_pdf.length);
      c.log_pdf.forEach((expected, i) => {
        expectClose(logPdf[i] as number, expected, `logPdf[${i}]`, 1e-10, 1e-12);
      });
    });
  }
});

describe('ParzenEstimator sampling', () => {
  const space: Record<string, Distribution> = {
    x: { kind: 'float', low: -5, high: 10, log: false, step: null },
    lr: { kind: 'float', low: 1e-4, high: 1, log: true, step: null },
    q: { kind: 'float', low: 0, high: 1, log: false, step: 0.25 },
    n: { kind: 'int', low: 1, high: 64, log: true, step: 1 },
    k: { kind: 'int', low: 0, high: 9, log: false, step: 3 },
    c: { kind: 'categorical', choices: ['a', 'b', 'c'] },
  };
  const observations = {
    x: [1, 2, 2.5, -4],
    lr: [0.01, 0.02, 0.5, 1e-3],
    q: [0.25, 0.5, 0.5, 1],
    n: [2, 8, 8, 64],
    k: [0, 3, 3, 9],
    c: [0, 1, 1, 2],
  };
  const params: ParzenEstimatorParameters = {
    priorWeight: 1,
    considerMagicClip: true,
    considerEndpoints: false,
    weights: defaultWeights,
  };

  it('draws inside the domain, on the grid, with finite density', () => {
    const estimator = new ParzenEstimator(observations, space, params);
    const samples = estimator.sample(createRng(7), 500);
    for (let i = 0; i < 500; i++) {
      const x = samples.x?.[i] as number;
      expect(x).toBeGreaterThanOrEqual(-5);
      expect(x).toBeLessThanOrEqual(10);
      const lr = samples.lr?.[i] as number;
      expect(lr).toBeGreaterThanOrEqual(1e-4);
      expect(lr).toBeLessThanOrEqual(1);
      expect([0, 0.25, 0.5, 0.75, 1]).toContain(samples.q?.[i]);
      const n = samples.n?.[i] as number;
      expect(Number.isInteger(n) && n >= 1 && n <= 64).toBe(true);
      expect([0, 3, 6, 9]).toContain(samples.k?.[i]);
      expect([0, 1, 2]).toContain(samples.c?.[i]);
    }
    for (const value of estimator.logPdf(samples)) expect(Number.isFinite(value)).toBe(true);
  });

  it('is deterministic for a seed and concentrates near the observations', () => {
    const estimator = new ParzenEstimator(
      { x: [2, 2.1, 1.9, 2.05] },
      { x: space.x as Distribution },
      params,
    );
    const a = estimator.sample(createRng(3), 2000).x as Float64Array;
    const b = estimator.sample(createRng(3), 2000).x as Float64Array;
    expect(Array.from(a)).toEqual(Array.from(b));
    // Uniform draws would land within 1.5 of 2 with probability 0.2.
    const near = a.filter((v) => Math.abs(v - 2) < 1.5).length;
    expect(near / a.length).toBeGreaterThan(0.35);
  });

  it('gives the same bits with shortcuts (precomputed orders, a mass memo) as without', () => {
    const rng = createRng(5);
    const many: Record<string, number[]> = { x: [], lr: [], q: [], n: [], k: [], c: [] };
    for (let i = 0; i < 120; i++) {
      many.x?.push(Math.round(-5 + 15 * rng.float()));
      many.lr?.push(10 ** (-4 * rng.float()));
      many.q?.push(0.25 * rng.int(0, 4));
      many.n?.push(rng.int(1, 64));
      many.k?.push(3 * rng.int(0, 3));
      many.c?.push(rng.int(0, 2));
    }
    const orders: Record<string, Int32Array> = {};
    for (const name of ['x', 'lr', 'q', 'n', 'k']) {
      const values = Float64Array.from(many[name] as number[]);
      orders[name] = stableArgsort(name === 'lr' || name === 'n' ? values.map(Math.log) : values);
    }
    const memo = new LogMassMemo();
    const plain = new ParzenEstimator(many, space, params);
    const quick = new ParzenEstimator(many, space, params, undefined, {
      orders,
      logMassMemo: memo,
    });
    const points = plain.sample(createRng(9), 64);
    for (let round = 0; round < 2; round++) {
      const a = plain.logPdf(points);
      const b = quick.logPdf(points);
      expect(Array.from(a, (value, i) => Object.is(value, b[i])).every(Boolean)).toBe(true);
      expect(Array.from(a)).toEqual(Array.from(b));
    }
    plain.dimensions.forEach((dimension, d) => {
      const other = quick.dimensions[d];
      if (dimension.type === 'numerical' && other?.type === 'numerical') {
        expect(Array.from(other.sigmas)).toEqual(Array.from(dimension.sigmas));
      }
    });
  });

  it('gives −∞ outside a continuous domain', () => {
    const estimator = new ParzenEstimator(observations, space, params);
    const point = { x: [11], lr: [0.1], q: [0.5], n: [4], k: [3], c: [0] };
    expect(estimator.logPdf(point)[0]).toBe(Number.NEGATIVE_INFINITY);
  });

  it('rejects negative prior weight and bad weight functions', () => {
    expect(() => new ParzenEstimator(observations, space, { ...params, priorWeight: -1 })).toThrow(
      InvalidArgumentError,
    );
    expect(
      () =>
        new ParzenEstimator(observations, space, {
          ...params,
          weights: (n) => new Array(n).fill(-1),
        }),
    ).toThrow(InvalidArgumentError);
    expect(
      () =>
        new ParzenEstimator(observations, space, {
          ...params,
          weights: (n) => new Array(n).fill(0),
        }),
    ).toThrow(InvalidArgumentError);
  });

  it('rounds halves to even like numpy', () => {
    expect([0.5, 1.5, 2.5, -1.5, -2.5, 2.4, 2.6].map(roundHalfEven)).toEqual([
      0, 2, 2, -2, -2, 2, 3,
    ]);
  });
});
