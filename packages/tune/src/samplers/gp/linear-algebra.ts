/**
 * Dense symmetric positive-definite algebra for the GP: Cholesky factors and triangular
 * solves on row-major `Float64Array`s. Sizes are the number of trials (hundreds at most), so
 * plain loops are fast enough and keep the numbers identical on every platform.
 */

/**
 * Overwrites the lower triangle of the `n`×`n` row-major matrix `a` with its Cholesky factor
 * L (`a = L Lᵀ`) and zeroes the strict upper triangle. Returns false, leaving `a` partly
 * overwritten, when a pivot is not positive (the matrix is not numerically positive-definite).
 */
export function choleskyInPlace(a: Float64Array, n: number): boolean {
  for (let j = 0; j < n; j++) {
    const rowJ = j * n;
    let diagonal = a[rowJ + j] as number;
    for (let k = 0; k < j; k++) {
      const v = a[rowJ + k] as number;
      diagonal -= v * v;
    }
    if (!(diagonal > 0)) return false;
    const pivot = Math.sqrt(diagonal);
    a[rowJ + j] = pivot;
    for (let i = j + 1; i < n; i++) {
      const rowI = i * n;
      let sum = a[rowI + j] as number;
      for (let k = 0; k < j; k++) sum -= (a[rowI + k] as number) * (a[rowJ + k] as number);
      a[rowI + j] = sum / pivot;
    }
    for (let k = j + 1; k < n; k++) a[rowJ + k] = 0;
  }
  return true;
}

/**
 * The Cholesky factor of `matrix` (not modified). When the matrix is not numerically
 * positive-definite, retries with a growing diagonal jitter (1e-10, 1e-9, … up to 1e-4 times
 * the mean diagonal); returns null when even that fails.
 */
export function choleskyWithJitter(matrix: Float64Array, n: number): Float64Array | null {
  const factor = new Float64Array(matrix);
  if (choleskyInPlace(factor, n)) return factor;
  let meanDiagonal = 0;
  for (let i = 0; i < n; i++) meanDiagonal += matrix[i * n + i] as number;
  meanDiagonal = n > 0 ? Math.abs(meanDiagonal / n) : 1;
  for (let jitter = 1e-10; jitter <= 1e-4; jitter *= 10) {
    factor.set(matrix);
    for (let i = 0; i < n; i++)
      factor[i * n + i] = (factor[i * n + i] as number) + jitter * meanDiagonal;
    if (choleskyInPlace(factor, n)) return factor;
  }
  return null;
}

/** Solves `L x = b` for lower-triangular `L` (row-major `n`×`n`); writes x into `out` (may alias `b`). */
export function solveLower(
  l: Float64Array,
  n: number,
  b: ArrayLike<number>,
  out: Float64Array,
): Float64Array {
  for (let i = 0; i < n; i++) {
    const row = i * n;
    let sum = b[i] as number;
    for (let k = 0; k < i; k++) sum -= (l[row + k] as number) * (out[k] as number);
    out[i] = sum / (l[row + i] as number);
  }
  return out;
}

/** Solves `Lᵀ x = b` for lower-triangular `L` (row-major `n`×`n`); writes x into `out` (may alias `b`). */
export function solveLowerTransposed(
  l: Float64Array,
  n: number,
  b: ArrayLike<number>,
  out: Float64Array,
): Float64Array {
  for (let i = n - 1; i >= 0; i--) {
    let sum = b[i] as number;
    for (let k = i + 1; k < n; k++) sum -= (l[k * n + i] as number) * (out[k] as number);
    out[i] = sum / (l[i * n + i] as number);
  }
  return out;
}

/** The inverse `(L Lᵀ)⁻¹` as a full row-major `n`×`n` matrix, from the Cholesky factor `L`. */
export function inverseFromCholesky(l: Float64Array, n: number): Float64Array {
  // Invert L column by column (L⁻¹ is lower-triangular), then form L⁻ᵀ L⁻¹.
  const lInverse = new Float64Array(n * n);
  for (let j = 0; j < n; j++) {
    lInverse[j * n + j] = 1 / (l[j * n + j] as number);
    for (let i = j + 1; i < n; i++) {
      let sum = 0;
      for (let k = j; k < i; k++) sum -= (l[i * n + k] as number) * (lInverse[k * n + j] as number);
      lInverse[i * n + j] = sum / (l[i * n + i] as number);
    }
  }
  const inverse = new Float64Array(n * n);
  for (let i = 0; i < n; i++) {
    for (let j = 0; j <= i; j++) {
      let sum = 0;
      for (let k = i; k < n; k++)
        sum += (lInverse[k * n + i] as number) * (lInverse[k * n + j] as number);
      inverse[i * n + j] = sum;
      inverse[j * n + i] = sum;
    }
  }
  return inverse;
}
