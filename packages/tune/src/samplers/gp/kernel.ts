/**
 * The Matérn-5/2 kernel with automatic relevance determination, as Optuna's GPSampler uses
 * it: `k(x, x') = scale · m(Σ_d λ_d · δ_d(x, x'))` where `λ_d` is the inverse squared
 * lengthscale of dimension d, `δ_d` the squared difference of a continuous dimension or the
 * Hamming distance (0 or 1) of a categorical one, and `m(r²) = (1 + √5 r + 5r²/3)·e^(−√5 r)`.
 */

/** Hyperparameters of the kernel and the observation noise. */
export interface KernelParams {
  /** λ_d = 1 / ℓ_d² per dimension. */
  readonly inverseSquaredLengthscales: Float64Array;
  /** The prior variance of f (the kernel's value at distance 0). */
  readonly kernelScale: number;
  /** Variance of the Gaussian observation noise. */
  readonly noiseVariance: number;
}

const SQRT5 = Math.sqrt(5);

/** The Matérn-5/2 correlation as a function of the squared scaled distance `r²` (≥ 0). */
export function matern52(squaredDistance: number): number {
  const sqrt5d = Math.sqrt(5 * squaredDistance);
  return Math.exp(-sqrt5d) * ((5 / 3) * squaredDistance + sqrt5d + 1);
}

/**
 * d m / d(r²): `−(5/6)(1 + √5 r)e^(−√5 r)`, finite at r = 0 (which is why the kernel is
 * differentiated with respect to the squared distance, not the distance).
 */
export function matern52Derivative(squaredDistance: number): number {
  const sqrt5d = SQRT5 * Math.sqrt(squaredDistance);
  return (-5 / 6) * (sqrt5d + 1) * Math.exp(-sqrt5d);
}

/** The per-dimension distance δ_d: squared difference, or 0/1 for a categorical dimension. */
export function dimensionDistance(a: number, b: number, categorical: boolean): number {
  if (categorical) return a === b ? 0 : 1;
  const difference = a - b;
  return difference * difference;
}

/**
 * The kernel matrix `K[i][j] = k(x_i, y_j)` (no noise) for row-major points `xs` (`nx`×`dim`)
 * and `ys` (`ny`×`dim`), as a row-major `nx`×`ny` array.
 */
export function kernelMatrix(
  xs: Float64Array,
  ys: Float64Array,
  dim: number,
  isCategorical: readonly boolean[],
  params: KernelParams,
): Float64Array {
  const nx = xs.length / dim;
  const ny = ys.length / dim;
  const out = new Float64Array(nx * ny);
  const lambda = params.inverseSquaredLengthscales;
  for (let i = 0; i < nx; i++) {
    for (let j = 0; j < ny; j++) {
      let r2 = 0;
      for (let d = 0; d < dim; d++) {
        r2 +=
          (lambda[d] as number) *
          dimensionDistance(
            xs[i * dim + d] as number,
            ys[j * dim + d] as number,
            isCategorical[d] === true,
          );
      }
      out[i * ny + j] = params.kernelScale * matern52(r2);
    }
  }
  return out;
}
