import {
  dimensionDistance,
  type KernelParams,
  kernelMatrix,
  matern52,
  matern52Derivative,
} from './kernel';
import { choleskyWithJitter, solveLower, solveLowerTransposed } from './linear-algebra';

/** Observed points (normalised, row-major `n`×`dim`) and standardised values to maximise. */
export interface TrainingData {
  /** Row-major `n`×`dim` normalised parameters. */
  readonly x: Float64Array;
  /** Standardised objective values (larger is better), length `n`. */
  readonly y: Float64Array;
  readonly n: number;
  readonly dim: number;
  /** Per dimension: whether it is categorical (Hamming distance on the choice index). */
  readonly isCategorical: readonly boolean[];
}

/** Posterior mean and variance of f at a point. */
export interface Posterior {
  readonly mean: number;
  readonly variance: number;
}

/** Thrown internally when the kernel matrix cannot be factorised even with jitter. */
export class NotPositiveDefiniteError extends Error {
  constructor() {
    super('The GP kernel matrix is not positive-definite, even with jitter.');
    this.name = 'NotPositiveDefiniteError';
  }
}

/**
 * A Gaussian-process regressor with fixed hyperparameters: caches the Cholesky factor of
 * `K + σ²I` and `α = (K + σ²I)⁻¹ y` once, then answers posterior queries in O(n·dim + n²).
 */
export class GaussianProcess {
  readonly data: TrainingData;
  readonly params: KernelParams;
  readonly #cholesky: Float64Array;
  readonly #alpha: Float64Array;
  // Scratch buffers reused by posterior queries (a GP is used by one thread at a time).
  readonly #k: Float64Array;
  readonly #v: Float64Array;
  readonly #squaredDistance: Float64Array;

  constructor(data: TrainingData, params: KernelParams) {
    this.data = data;
    this.params = params;
    const { n } = data;
    const covariance = kernelMatrix(data.x, data.x, data.dim, data.isCategorical, params);
    for (let i = 0; i < n; i++)
      covariance[i * n + i] = (covariance[i * n + i] as number) + params.noiseVariance;
    const factor = choleskyWithJitter(covariance, n);
    if (factor === null) throw new NotPositiveDefiniteError();
    this.#cholesky = factor;
    const alpha = new Float64Array(n);
    solveLower(factor, n, data.y, alpha);
    solveLowerTransposed(factor, n, alpha, alpha);
    this.#alpha = alpha;
    this.#k = new Float64Array(n);
    this.#v = new Float64Array(n);
    this.#squaredDistance = new Float64Array(n);
  }

  /** Lengthscales ℓ_d = 1/√λ_d. */
  get lengthscales(): Float64Array {
    return this.params.inverseSquaredLengthscales.map((lambda) => 1 / Math.sqrt(lambda));
  }

  /** Fills `#k` (kernel to each training point) and `#squaredDistance` for `point` (offset `offset`). */
  #fillKernelVector(point: ArrayLike<number>, offset: number): void {
    const { x, n, dim, isCategorical } = this.data;
    const lambda = this.params.inverseSquaredLengthscales;
    const scale = this.params.kernelScale;
    for (let i = 0; i < n; i++) {
      let r2 = 0;
      const row = i * dim;
      for (let d = 0; d < dim; d++) {
        r2 +=
          (lambda[d] as number) *
          dimensionDistance(
            point[offset + d] as number,
            x[row + d] as number,
            isCategorical[d] === true,
          );
      }
      this.#squaredDistance[i] = r2;
      this.#k[i] = scale * matern52(r2);
    }
  }

  /**
   * The posterior mean and variance of f at `point` (length `dim`, or read from `offset` of a
   * longer row-major array). The variance is clamped at 0 against rounding.
   */
  posterior(point: ArrayLike<number>, offset = 0): Posterior {
    const { n } = this.data;
    this.#fillKernelVector(point, offset);
    const k = this.#k;
    let mean = 0;
    for (let i = 0; i < n; i++) mean += (k[i] as number) * (this.#alpha[i] as number);
    const v = solveLower(this.#cholesky, n, k, this.#v);
    let explained = 0;
    for (let i = 0; i < n; i++) explained += (v[i] as number) * (v[i] as number);
    return { mean, variance: Math.max(this.params.kernelScale - explained, 0) };
  }

  /**
   * Like {@link GaussianProcess.posterior}, and also writes ∂mean/∂x_d and ∂variance/∂x_d
   * into `meanGradient` and `varianceGradient` for every continuous dimension d
   * (categorical dimensions get 0). The variance gradient is 0 where the variance was clamped.
   */
  posteriorWithGradient(
    point: ArrayLike<number>,
    meanGradient: Float64Array,
    varianceGradient: Float64Array,
  ): Posterior {
    const { x, n, dim, isCategorical } = this.data;
    const { mean, variance } = this.posterior(point);
    // u = (K + σ²I)⁻¹ k, from v = L⁻¹ k which posterior() left in #v.
    const u = solveLowerTransposed(this.#cholesky, n, this.#v, new Float64Array(n));
    const lambda = this.params.inverseSquaredLengthscales;
    const scale = this.params.kernelScale;
    meanGradient.fill(0);
    varianceGradient.fill(0);
    const clamped = variance <= 0;
    for (let i = 0; i < n; i++) {
      // ∂k_i/∂x_d = scale · m'(r²_i) · λ_d · 2(x_d − X_id).
      const common = 2 * scale * matern52Derivative(this.#squaredDistance[i] as number);
      const meanWeight = common * (this.#alpha[i] as number);
      const varianceWeight = clamped ? 0 : -2 * common * (u[i] as number);
      const row = i * dim;
      for (let d = 0; d < dim; d++) {
        if (isCategorical[d] === true) continue;
        const factor = (lambda[d] as number) * ((point[d] as number) - (x[row + d] as number));
        meanGradient[d] = (meanGradient[d] as number) + meanWeight * factor;
        varianceGradient[d] = (varianceGradient[d] as number) + varianceWeight * factor;
      }
    }
    return { mean, variance };
  }
}
