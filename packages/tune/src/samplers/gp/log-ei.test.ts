import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { GaussianProcess } from './gaussian-process';
import { closeTo, readGpGolden } from './golden.test-support';
import {
  LogExpectedImprovement,
  logEi,
  STABILIZING_NOISE,
  standardLogEi,
  standardLogEiDerivative,
} from './log-ei';

interface LogEiCases {
  standard: { z: number; expected: number; optunaFormula: number }[];
  general: { mean: number; variance: number; threshold: number; expected: number }[];
}

const golden = readGpGolden<LogEiCases>('log-ei.json');

describe('standardLogEi', () => {
  it.each(golden.standard)(
    'matches the quadrature reference at z = $z',
    ({ z, expected, optunaFormula }) => {
      expect(closeTo(standardLogEi(z), expected, 1e-13)).toBe(true);
      // Where Optuna's own formula is accurate, we agree with it too.
      if (Math.abs(z) <= 25) expect(closeTo(standardLogEi(z), optunaFormula, 1e-12)).toBe(true);
    },
  );

  it('is finite, increasing and continuous across the tail switch for every z', () => {
    fc.assert(
      fc.property(
        fc.double({ min: -1e8, max: 1e3, noNaN: true }),
        fc.double({ min: 1e-6, max: 10, noNaN: true }),
        (z, gap) => {
          const low = standardLogEi(z);
          expect(Number.isFinite(low)).toBe(true);
          expect(standardLogEi(z + gap)).toBeGreaterThan(low);
        },
      ),
    );
    expect(standardLogEi(-10 - 1e-12)).toBeCloseTo(standardLogEi(-10 + 1e-12), 10);
  });

  it('has a derivative that matches finite differences, tails included', () => {
    for (const z of [5, 1, 0, -1, -5, -9.9, -10.1, -20, -30, -100, -1e4]) {
      const h = 1e-5 * Math.max(1, Math.abs(z));
      const numeric = (standardLogEi(z + h) - standardLogEi(z - h)) / (2 * h);
      expect(closeTo(standardLogEiDerivative(z), numeric, 1e-6)).toBe(true);
    }
    // Far tail: d/dz log EI ≈ −z − 2/z.
    expect(standardLogEiDerivative(-1e6)).toBeCloseTo(1e6, 2);
  });
});

describe('logEi', () => {
  it.each(golden.general)('matches the reference for mean $mean, variance $variance', (c) => {
    expect(closeTo(logEi(c.mean, c.variance, c.threshold), c.expected, 1e-12)).toBe(true);
  });
});

describe('LogExpectedImprovement', () => {
  const gp = new GaussianProcess(
    {
      x: Float64Array.from([0.1, 0.2, 0.5, 0.9, 0.8, 0.4, 0.3, 0.7]),
      y: Float64Array.from([-1, 0.5, 1.2, -0.7]),
      n: 4,
      dim: 2,
      isCategorical: [false, false],
    },
    {
      inverseSquaredLengthscales: Float64Array.from([3, 0.5]),
      kernelScale: 1.2,
      noiseVariance: 1e-4,
    },
  );
  const acquisition = new LogExpectedImprovement(gp, 1.2);

  it('is logEi of the posterior with the stabilising noise', () => {
    const point = [0.33, 0.66];
    const { mean, variance } = gp.posterior(point);
    expect(acquisition.value(point)).toBe(logEi(mean, variance + STABILIZING_NOISE, 1.2));
  });

  it('has a gradient that matches finite differences', () => {
    for (const point of [
      [0.33, 0.66],
      [0.05, 0.95],
      [0.6, 0.1],
    ]) {
      const gradient = new Float64Array(2);
      const value = acquisition.valueAndGradient(point, gradient);
      expect(value).toBeCloseTo(acquisition.value(point), 12);
      for (let d = 0; d < 2; d++) {
        const h = 1e-6;
        const plus = [...point];
        const minus = [...point];
        plus[d] = (plus[d] as number) + h;
        minus[d] = (minus[d] as number) - h;
        const numeric = (acquisition.value(plus) - acquisition.value(minus)) / (2 * h);
        expect(closeTo(gradient[d] as number, numeric, 1e-5)).toBe(true);
      }
    }
  });

  it('prefers unexplored points over the already observed best', () => {
    // At the best training point EI is tiny (variance ≈ noise, mean ≈ threshold).
    expect(acquisition.value([0.5, 0.9])).toBeLessThan(acquisition.value([0.95, 0.05]));
  });
});
