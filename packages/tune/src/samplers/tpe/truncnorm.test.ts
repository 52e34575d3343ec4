import { describe, expect, it } from 'vitest';
import { expectClose, tpeGolden } from './__fixtures__/golden';
import { erf, erfc } from './erf';
import { logGaussMass, logNdtr, ndtr, ndtriExp, truncnormLogPdf, truncnormPpf } from './truncnorm';

interface Golden {
  truncnorm: {
    log_gauss_mass: { a: number; b: number; value: number }[];
    ppf: { q: number; a: number; b: number; value: number }[];
    logpdf: { x: number; a: number; b: number; loc: number; scale: number; value: number }[];
    log_ndtr: { x: number; value: number }[];
    ndtri_exp: { y: number; value: number }[];
  };
}

const golden = tpeGolden<Golden>().truncnorm;

describe('erf and erfc', () => {
  it('match known values to the last bits', () => {
    expectClose(erf(0.5), 0.5204998778130465, 'erf(0.5)', 1e-15);
    expectClose(erf(1), 0.8427007929497149, 'erf(1)', 1e-15);
    expectClose(erf(-2), -0.9953222650189527, 'erf(-2)', 1e-15);
    expectClose(erfc(3), 2.209049699858544e-5, 'erfc(3)', 1e-14);
    expectClose(erfc(10), 2.088487583762545e-45, 'erfc(10)', 1e-14);
    expectClose(erfc(26), 5.663192408856142e-296, 'erfc(26)', 1e-13);
    expect(erfc(-7)).toBe(2);
    expect(erf(7)).toBe(1);
    expect(erf(Number.NaN)).toBeNaN();
  });

  it('keeps erf + erfc = 1 and odd symmetry', () => {
    for (let x = -5; x <= 5; x += 0.037) {
      expect(Math.abs(erf(x) + erfc(x) - 1)).toBeLessThan(3e-16);
      expect(erf(-x)).toBe(-erf(x));
    }
  });
});

describe('truncated normal against Optuna 5.0.0', () => {
  it('log Φ', () => {
    for (const c of golden.log_ndtr) expectClose(logNdtr(c.x), c.value, `logNdtr(${c.x})`);
    expectClose(ndtr(-3), 0.0013498980316301035, 'ndtr(-3)', 1e-14);
  });

  it('log Gaussian mass, far tails included', () => {
    for (const c of golden.log_gauss_mass) {
      expectClose(logGaussMass(c.a, c.b), c.value, `logGaussMass(${c.a}, ${c.b})`);
    }
  });

  it('inverse of log Φ', () => {
    // Newton stops at a 1e-8 relative step, so the last step's size bounds the
    // disagreement: quadratic convergence makes it ~1e-16 in practice, 1e-10 asserted.
    for (const c of golden.ndtri_exp) expectClose(ndtriExp(c.y), c.value, `ndtriExp(${c.y})`);
  });

  it('quantile function at edge inputs', () => {
    // Plus 1e-14 absolute: a median of a symmetric interval is 0 ± a few ulps of 1.
    for (const c of golden.ppf) {
      const value = truncnormPpf(c.q, c.a, c.b, logGaussMass(c.a, c.b));
      expectClose(value, c.value, `ppf(${c.q}; ${c.a}, ${c.b})`, 1e-10, 1e-14);
    }
  });

  it('log-density, outside points included', () => {
    for (const c of golden.logpdf) {
      const value = truncnormLogPdf(c.x, c.a, c.b, c.loc, c.scale);
      expectClose(value, c.value, `logpdf(${c.x}; ${c.a}, ${c.b}, ${c.loc}, ${c.scale})`);
    }
  });

  it('ppf inverts the CDF', () => {
    for (const [a, b] of [
      [-2, 1],
      [0.5, 4],
      [-30, -29],
    ] as const) {
      const logMass = logGaussMass(a, b);
      for (const q of [0.1, 0.5, 0.9]) {
        const c = truncnormPpf(q, a, b, logMass);
        expect(c).toBeGreaterThanOrEqual(a);
        expect(c).toBeLessThanOrEqual(b);
        expectClose(Math.exp(logGaussMass(a, c) - logMass), q, `cdf(ppf(${q}))`, 1e-7);
      }
    }
  });
});
