import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { expectClose, readGolden } from '../../../test/support/golden';
import {
  logGamma,
  normalCdf,
  normalPpf,
  normalSf,
  regularizedBeta,
  regularizedBetaComplement,
  regularizedGammaP,
  regularizedGammaQ,
} from '../index';

interface ScalarCase {
  args: number[];
  expected: number;
}

const golden = readGolden<Record<string, ScalarCase[]>>(
  new URL('../__fixtures__/special-functions.json', import.meta.url),
);

const functions: Record<string, (...args: number[]) => number> = {
  normalCdf: (x) => normalCdf(x as number),
  normalSf: (x) => normalSf(x as number),
  normalPpf: (p) => normalPpf(p as number),
  logGamma: (x) => logGamma(x as number),
  regularizedGammaP: (a, x) => regularizedGammaP(a as number, x as number),
  regularizedGammaQ: (a, x) => regularizedGammaQ(a as number, x as number),
  regularizedBeta: (a, b, x) => regularizedBeta(a as number, b as number, x as number),
  regularizedBetaComplement: (a, b, x) =>
    regularizedBetaComplement(a as number, b as number, x as number),
};

describe('special functions match scipy.special (golden)', () => {
  it('covers every function in the fixture', () => {
    expect(Object.keys(golden.cases).sort()).toEqual(Object.keys(functions).sort());
  });

  for (const [name, cases] of Object.entries(golden.cases)) {
    const compute = functions[name] as (...args: number[]) => number;
    it.each(cases.map((testCase) => [testCase.args.join(', '), testCase] as const))(
      `${name}(%s)`,
      (_label, testCase) => {
        // Probabilities may use the tail tolerance; ppf and logGamma are not probabilities.
        const tail = name !== 'normalPpf' && name !== 'logGamma';
        expectClose(compute(...testCase.args), testCase.expected, { tail, label: name });
      },
    );
  }
});

describe('normal distribution', () => {
  it('keeps relative accuracy far in the upper tail', () => {
    // Both values from 50-digit evaluations; scipy's ndtr is 6e-14 away from the first.
    expectClose(normalSf(30), 4.906713927148187e-198, { rtol: 1e-14 });
    expectClose(normalPpf(1e-300), -37.0470962993612, { rtol: 1e-14 });
  });

  it('cdf + sf = 1 and Φ(−x) = 1 − Φ(x)', () => {
    fc.assert(
      fc.property(fc.double({ min: -40, max: 40, noNaN: true }), (x) => {
        expect(Math.abs(normalCdf(x) + normalSf(x) - 1)).toBeLessThanOrEqual(2.3e-16);
        expect(normalCdf(-x)).toBe(normalSf(x));
      }),
    );
  });

  it('ppf inverts cdf', () => {
    fc.assert(
      fc.property(fc.double({ min: -37, max: 8, noNaN: true }), (x) => {
        const p = normalCdf(x);
        fc.pre(p > 0 && p < 1);
        // p itself is rounded by up to ε·p, which moves the quantile by ε·p / φ(x).
        const density = Math.exp(-0.5 * x * x) / Math.sqrt(2 * Math.PI);
        const tolerance = 4 * Number.EPSILON * (p / density + Math.abs(x));
        expect(Math.abs(normalPpf(p) - x)).toBeLessThanOrEqual(tolerance);
      }),
    );
  });
});

describe('gamma and beta functions', () => {
  it('ln Γ(x + 1) = ln Γ(x) + ln x', () => {
    fc.assert(
      fc.property(fc.double({ min: 0.05, max: 1e6, noNaN: true }), (x) => {
        const left = logGamma(x + 1);
        const right = logGamma(x) + Math.log(x);
        expect(Math.abs(left - right)).toBeLessThanOrEqual(1e-12 * Math.max(1, Math.abs(left)));
      }),
    );
  });

  it('P(a, x) + Q(a, x) = 1 and both lie in [0, 1]', () => {
    fc.assert(
      fc.property(
        fc.double({ min: 1e-3, max: 1e4, noNaN: true }),
        fc.double({ min: 1e-6, max: 2e4, noNaN: true }),
        (a, x) => {
          const p = regularizedGammaP(a, x);
          const q = regularizedGammaQ(a, x);
          expect(p).toBeGreaterThanOrEqual(0);
          expect(q).toBeGreaterThanOrEqual(0);
          expect(Math.abs(p + q - 1)).toBeLessThanOrEqual(1e-14);
        },
      ),
    );
  });

  it('I_x(a, b) = 1 − I_{1−x}(b, a), and the complement adds to 1', () => {
    fc.assert(
      fc.property(
        fc.double({ min: 0.05, max: 1e3, noNaN: true }),
        fc.double({ min: 0.05, max: 1e3, noNaN: true }),
        fc.double({ min: 0.5, max: 1, noNaN: true }),
        (a, b, x) => {
          // For x ≥ 0.5, 1 − x is exact, so both sides describe the same point.
          const direct = regularizedBeta(a, b, x);
          expect(Math.abs(direct - regularizedBetaComplement(b, a, 1 - x))).toBeLessThanOrEqual(
            1e-13,
          );
          expect(Math.abs(direct + regularizedBetaComplement(a, b, x) - 1)).toBeLessThanOrEqual(
            1e-14,
          );
        },
      ),
    );
  });
});
