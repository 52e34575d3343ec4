import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { expectClose, readGolden } from '../../../test/support/golden';
import { kolmogorovCdf, kolmogorovSf, kstwoCdf, kstwoSf } from '../index';

interface ScalarCase {
  args: number[];
  expected: number;
}

const golden = readGolden<Record<string, ScalarCase[]>>(
  new URL('../__fixtures__/kolmogorov.json', import.meta.url),
);

const functions: Record<string, (...args: number[]) => number> = {
  kolmogorovSf: (x) => kolmogorovSf(x as number),
  kolmogorovCdf: (x) => kolmogorovCdf(x as number),
  kstwoCdf: (d, n) => kstwoCdf(d as number, n as number),
  kstwoSf: (d, n) => kstwoSf(d as number, n as number),
};

describe('Kolmogorov distributions match scipy (golden)', () => {
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

describe('Kolmogorov invariants', () => {
  it('kolmogorov cdf + sf = 1', () => {
    fc.assert(
      fc.property(fc.double({ min: 0, max: 10, noNaN: true }), (x) => {
        expect(Math.abs(kolmogorovCdf(x) + kolmogorovSf(x) - 1)).toBeLessThanOrEqual(1e-15);
      }),
    );
  });

  it('kstwo cdf + sf = 1 for small samples, where both come from one computation', () => {
    fc.assert(
      fc.property(
        fc.integer({ min: 1, max: 140 }),
        fc.double({ min: 0, max: 1, noNaN: true }),
        (n, d) => {
          expect(Math.abs(kstwoCdf(d, n) + kstwoSf(d, n) - 1)).toBeLessThanOrEqual(1e-14);
        },
      ),
    );
  });

  it('kstwo cdf does not decrease in d', () => {
    fc.assert(
      fc.property(
        fc.integer({ min: 1, max: 400 }),
        fc.double({ min: 0, max: 1, noNaN: true }),
        fc.double({ min: 0, max: 1, noNaN: true }),
        (n, a, b) => {
          const [low, high] = a <= b ? [a, b] : [b, a];
          expect(kstwoCdf(low, n)).toBeLessThanOrEqual(kstwoCdf(high, n) + 1e-15);
        },
      ),
    );
  });

  it('approaches the limiting distribution: kstwo.sf(x/√n, n) → kolmogorov(x)', () => {
    const n = 20_000;
    for (const x of [0.8, 1.2, 1.6]) {
      expect(Math.abs(kstwoSf(x / Math.sqrt(n), n) - kolmogorovSf(x))).toBeLessThan(5e-3);
    }
  });

  it('returns NaN for a sample size that is not a positive integer', () => {
    expect(kstwoSf(0.2, 2.5)).toBeNaN();
    expect(kstwoCdf(0.2, 0)).toBeNaN();
    expect(kstwoCdf(0.2, Number.POSITIVE_INFINITY)).toBeNaN();
    expect(kolmogorovSf(Number.NaN)).toBeNaN();
  });
});
