import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import {
  choleskyInPlace,
  choleskyWithJitter,
  inverseFromCholesky,
  solveLower,
  solveLowerTransposed,
} from './linear-algebra';

/** A random symmetric positive-definite matrix B Bᵀ + n·I. */
function spdMatrix(values: number[], n: number): Float64Array {
  const out = new Float64Array(n * n);
  for (let i = 0; i < n; i++) {
    for (let j = 0; j < n; j++) {
      let sum = i === j ? n : 0;
      for (let k = 0; k < n; k++)
        sum += (values[i * n + k] as number) * (values[j * n + k] as number);
      out[i * n + j] = sum;
    }
  }
  return out;
}

const spdArbitrary = fc
  .integer({ min: 1, max: 7 })
  .chain((n) =>
    fc
      .array(fc.double({ min: -2, max: 2, noNaN: true }), { minLength: n * n, maxLength: n * n })
      .map((values) => ({ n, matrix: spdMatrix(values, n) })),
  );

describe('Cholesky and triangular solves', () => {
  it('factorises an SPD matrix so that L Lᵀ reproduces it', () => {
    fc.assert(
      fc.property(spdArbitrary, ({ n, matrix }) => {
        const l = new Float64Array(matrix);
        expect(choleskyInPlace(l, n)).toBe(true);
        for (let i = 0; i < n; i++) {
          for (let j = 0; j < n; j++) {
            let sum = 0;
            for (let k = 0; k < n; k++) sum += (l[i * n + k] as number) * (l[j * n + k] as number);
            expect(sum).toBeCloseTo(matrix[i * n + j] as number, 9);
            if (j > i) expect(l[i * n + j]).toBe(0);
          }
        }
      }),
    );
  });

  it('solves (L Lᵀ) x = b and inverts', () => {
    fc.assert(
      fc.property(spdArbitrary, ({ n, matrix }) => {
        const l = new Float64Array(matrix);
        choleskyInPlace(l, n);
        const b = Float64Array.from({ length: n }, (_, i) => i + 1);
        const x = solveLowerTransposed(
          l,
          n,
          solveLower(l, n, b, new Float64Array(n)),
          new Float64Array(n),
        );
        const inverse = inverseFromCholesky(l, n);
        for (let i = 0; i < n; i++) {
          let ax = 0;
          for (let k = 0; k < n; k++) ax += (matrix[i * n + k] as number) * (x[k] as number);
          expect(ax).toBeCloseTo(b[i] as number, 9);
          for (let j = 0; j < n; j++) {
            let product = 0;
            for (let k = 0; k < n; k++)
              product += (matrix[i * n + k] as number) * (inverse[k * n + j] as number);
            expect(product).toBeCloseTo(i === j ? 1 : 0, 9);
          }
        }
      }),
    );
  });

  it('reports an indefinite matrix and rescues a singular one with jitter', () => {
    const indefinite = Float64Array.from([1, 2, 2, 1]);
    expect(choleskyInPlace(new Float64Array(indefinite), 2)).toBe(false);
    expect(choleskyWithJitter(indefinite, 2)).toBeNull();
    // Rank one: [1 1; 1 1] fails exactly but factorises once a tiny jitter is added.
    const singular = Float64Array.from([1, 1, 1, 1]);
    expect(choleskyInPlace(new Float64Array(singular), 2)).toBe(false);
    const factor = choleskyWithJitter(singular, 2);
    expect(factor).not.toBeNull();
    expect(factor?.[0]).toBeCloseTo(1, 6);
  });
});
