import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { symmetricEigen } from './symmetric-eigen';

function symmetricFrom(entries: readonly number[], size: number): Float64Array {
  const matrix = new Float64Array(size * size);
  let next = 0;
  for (let row = 0; row < size; row++) {
    for (let column = row; column < size; column++) {
      const value = entries[next++] ?? 0;
      matrix[row * size + column] = value;
      matrix[column * size + row] = value;
    }
  }
  return matrix;
}

/** An upper bound of the spectral norm that, unlike the Frobenius norm, cannot underflow. */
function normBound(matrix: Float64Array, size: number): number {
  return size * matrix.reduce((largest, value) => Math.max(largest, Math.abs(value)), 0);
}

/** max |A v_k − λ_k v_k| and max |V Vᵀ − I| over the whole decomposition. */
function residuals(matrix: Float64Array, size: number) {
  const { values, vectors } = symmetricEigen(matrix, size);
  let eigenResidual = 0;
  let orthogonality = 0;
  for (let k = 0; k < size; k++) {
    for (let row = 0; row < size; row++) {
      let product = 0;
      for (let column = 0; column < size; column++) {
        product += (matrix[row * size + column] as number) * (vectors[k * size + column] as number);
      }
      const residual = product - (values[k] as number) * (vectors[k * size + row] as number);
      eigenResidual = Math.max(eigenResidual, Math.abs(residual));
    }
    for (let other = 0; other < size; other++) {
      let dot = 0;
      for (let column = 0; column < size; column++) {
        dot += (vectors[k * size + column] as number) * (vectors[other * size + column] as number);
      }
      orthogonality = Math.max(orthogonality, Math.abs(dot - (k === other ? 1 : 0)));
    }
  }
  return { values, eigenResidual, orthogonality };
}

describe('symmetricEigen (cyclic Jacobi)', () => {
  it('finds the known spectrum of the second-difference matrix, 2 − 2cos(kπ/(n+1))', () => {
    const size = 30;
    const matrix = new Float64Array(size * size);
    for (let index = 0; index < size; index++) {
      matrix[index * size + index] = 2;
      if (index + 1 < size) {
        matrix[index * size + index + 1] = -1;
        matrix[(index + 1) * size + index] = -1;
      }
    }
    const { values } = symmetricEigen(matrix, size);
    const expected = Array.from(
      { length: size },
      (_, k) => 2 - 2 * Math.cos(((size - k) * Math.PI) / (size + 1)),
    );
    values.forEach((value, k) => {
      expect(Math.abs(value - (expected[k] as number))).toBeLessThan(1e-14);
    });
  });

  it('handles repeated eigenvalues, zero rows and 1 × 1 matrices', () => {
    const identity = symmetricFrom([1, 0, 0, 1, 0, 1], 3);
    expect(Array.from(residuals(identity, 3).values)).toEqual([1, 1, 1]);
    const withZeroRow = symmetricFrom([2, 1, 0, 2, 0, 0], 3);
    const decomposition = residuals(withZeroRow, 3);
    expect(Array.from(decomposition.values)).toEqual([3, 1, 0]);
    expect(decomposition.orthogonality).toBeLessThan(1e-15);
    expect(Array.from(symmetricEigen(new Float64Array([-4]), 1).values)).toEqual([-4]);
  });

  it('reads only the upper triangle and leaves the input unchanged', () => {
    const matrix = new Float64Array([4, 1, 99, 3]);
    const copy = matrix.slice();
    expect(Array.from(symmetricEigen(matrix, 2).values)).toEqual(
      Array.from(symmetricEigen(new Float64Array([4, 1, 1, 3]), 2).values),
    );
    expect(matrix).toEqual(copy);
  });

  it('gives orthonormal eigenvectors with small residuals, eigenvalues sorted, trace kept', () => {
    fc.assert(
      fc.property(
        fc.integer({ min: 1, max: 12 }).chain((size) =>
          fc.tuple(
            fc.constant(size),
            fc.array(fc.double({ min: -1e3, max: 1e3, noNaN: true }), {
              minLength: (size * (size + 1)) / 2,
              maxLength: (size * (size + 1)) / 2,
            }),
          ),
        ),
        ([size, entries]) => {
          const matrix = symmetricFrom(entries, size);
          const { values, eigenResidual, orthogonality } = residuals(matrix, size);
          // The floor covers matrices so tiny that their products underflow to subnormals.
          const scale = normBound(matrix, size) + 1e-290;
          expect(eigenResidual).toBeLessThanOrEqual(1e-13 * scale);
          expect(orthogonality).toBeLessThan(1e-13);
          for (let k = 1; k < size; k++) {
            expect(values[k] as number).toBeLessThanOrEqual(values[k - 1] as number);
          }
          let trace = 0;
          for (let index = 0; index < size; index++)
            trace += matrix[index * size + index] as number;
          const sum = values.reduce((total, value) => total + value, 0);
          expect(Math.abs(sum - trace)).toBeLessThanOrEqual(1e-12 * scale);
        },
      ),
      { numRuns: 200 },
    );
  });
});
