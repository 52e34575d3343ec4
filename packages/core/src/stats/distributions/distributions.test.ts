import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { expectClose, readGolden } from '../../../test/support/golden';
import {
  betaCdf,
  betaSf,
  chiSquaredCdf,
  chiSquaredSf,
  fDistributionCdf,
  fDistributionSf,
  studentTCdf,
  studentTSf,
} from '../index';

interface ScalarCase {
  args: number[];
  expected: number;
}

const golden = readGolden<Record<string, ScalarCase[]>>(
  new URL('../__fixtures__/distributions.json', import.meta.url),
);

const functions: Record<string, (...args: number[]) => number> = {
  chiSquaredCdf: (x, k) => chiSquaredCdf(x as number, k as number),
  chiSquaredSf: (x, k) => chiSquaredSf(x as number, k as number),
  studentTCdf: (t, v) => studentTCdf(t as number, v as number),
  studentTSf: (t, v) => studentTSf(t as number, v as number),
  fDistributionCdf: (x, d1, d2) => fDistributionCdf(x as number, d1 as number, d2 as number),
  fDistributionSf: (x, d1, d2) => fDistributionSf(x as number, d1 as number, d2 as number),
  betaCdf: (x, a, b) => betaCdf(x as number, a as number, b as number),
  betaSf: (x, a, b) => betaSf(x as number, a as number, b as number),
};

describe('distribution functions match scipy.stats (golden)', () => {
  it('covers every function in the fixture', () => {
    expect(Object.keys(golden.cases).sort()).toEqual(Object.keys(functions).sort());
  });

  for (const [name, cases] of Object.entries(golden.cases)) {
    const compute = functions[name] as (...args: number[]) => number;
    it.each(cases.map((testCase) => [testCase.args.join(', '), testCase] as const))(
      `${name}(%s)`,
      (_label, testCase) => {
        expectClose(compute(...testCase.args), testCase.expected, { tail: true, label: name });
      },
    );
  }
});

const degrees = fc.double({ min: 0.1, max: 1e4, noNaN: true });

describe('distribution invariants', () => {
  it('cdf + sf = 1', () => {
    fc.assert(
      fc.property(fc.double({ min: -50, max: 5e4, noNaN: true }), degrees, degrees, (x, d1, d2) => {
        const pairs: [number, number][] = [
          [chiSquaredCdf(x, d1), chiSquaredSf(x, d1)],
          [studentTCdf(x, d1), studentTSf(x, d1)],
          [fDistributionCdf(x, d1, d2), fDistributionSf(x, d1, d2)],
          [betaCdf(x / 5e4, d1, d2), betaSf(x / 5e4, d1, d2)],
        ];
        for (const [cdf, sf] of pairs) {
          expect(cdf).toBeGreaterThanOrEqual(0);
          expect(sf).toBeGreaterThanOrEqual(0);
          expect(Math.abs(cdf + sf - 1)).toBeLessThanOrEqual(1e-13);
        }
      }),
    );
  });

  it('the t distribution is symmetric: F(−t) = 1 − F(t) exactly as sf', () => {
    fc.assert(
      fc.property(fc.double({ min: -1e3, max: 1e3, noNaN: true }), degrees, (t, v) => {
        expect(studentTCdf(-t, v)).toBe(studentTSf(t, v));
      }),
    );
  });

  it('CDFs do not decrease in x', () => {
    fc.assert(
      fc.property(
        fc.double({ min: 0, max: 100, noNaN: true }),
        fc.double({ min: 0, max: 100, noNaN: true }),
        degrees,
        (a, b, k) => {
          const [low, high] = a <= b ? [a, b] : [b, a];
          expect(chiSquaredCdf(low, k)).toBeLessThanOrEqual(chiSquaredCdf(high, k));
          expect(studentTCdf(low - 50, k)).toBeLessThanOrEqual(studentTCdf(high - 50, k));
        },
      ),
    );
  });

  it('the F distribution with (1, ν) is the square of t with ν', () => {
    fc.assert(
      fc.property(fc.double({ min: 0.01, max: 30, noNaN: true }), degrees, (t, v) => {
        const viaF = fDistributionSf(t * t, 1, v);
        const viaT = 2 * studentTSf(t, v);
        expect(Math.abs(viaF - viaT)).toBeLessThanOrEqual(1e-12 * viaT + 1e-300);
      }),
    );
  });

  it('returns NaN for invalid parameters instead of throwing, as scipy', () => {
    expect(chiSquaredCdf(1, 0)).toBeNaN();
    expect(studentTSf(1, -1)).toBeNaN();
    expect(fDistributionCdf(1, 3, Number.POSITIVE_INFINITY)).toBeNaN();
    expect(betaSf(0.5, 0, 1)).toBeNaN();
    expect(chiSquaredSf(Number.NaN, 3)).toBeNaN();
  });
});
