import { GaussianProcess, NotPositiveDefiniteError, type TrainingData } from './gaussian-process';
import { dimensionDistance, type KernelParams } from './kernel';
import { minimizeLbfgs } from './lbfgs';
import {
  choleskyInPlace,
  inverseFromCholesky,
  solveLower,
  solveLowerTransposed,
} from './linear-algebra';
import {
  logPrior,
  logPriorKernelScaleDerivative,
  logPriorLengthscaleDerivative,
  logPriorNoiseDerivative,
} from './prior';

/** Settings of the MAP fit, as Optuna's `fit_kernel_params`. */
export interface FitOptions {
  /** Lower bound of the noise variance (the noise is this plus a positive free part). */
  readonly minimumNoise: number;
  /** Fix the noise variance at `minimumNoise` (Optuna's `deterministic_objective`). */
  readonly deterministic: boolean;
  /** Stop when every gradient component of the loss is below this. Default 1e-2 (Optuna's `gtol`). */
  readonly gradientTolerance?: number;
}

/**
 * The squared per-dimension distances of every pair i < j, `[(pair)·dim + d]`, computed once
 * per fit because the loss is evaluated many times on the same points.
 */
export function pairDistances(data: TrainingData): Float64Array {
  const { x, n, dim, isCategorical } = data;
  const out = new Float64Array(((n * (n - 1)) / 2) * dim);
  let p = 0;
  for (let i = 0; i < n; i++) {
    for (let j = i + 1; j < n; j++) {
      for (let d = 0; d < dim; d++) {
        out[p++] = dimensionDistance(
          x[i * dim + d] as number,
          x[j * dim + d] as number,
          isCategorical[d] === true,
        );
      }
    }
  }
  return out;
}

/**
 * Kernel hyperparameters from the raw (log-space) vector the optimiser works on:
 * `[log λ_1 … log λ_D, log scale, log(noise − minimumNoise)]`. Optimising in log space
 * keeps every parameter positive without bounds.
 */
export function paramsFromRaw(
  raw: ArrayLike<number>,
  dim: number,
  options: FitOptions,
): KernelParams {
  const inverseSquaredLengthscales = new Float64Array(dim);
  for (let d = 0; d < dim; d++) inverseSquaredLengthscales[d] = Math.exp(raw[d] as number);
  return {
    inverseSquaredLengthscales,
    kernelScale: Math.exp(raw[dim] as number),
    noiseVariance: options.deterministic
      ? options.minimumNoise
      : Math.exp(raw[dim + 1] as number) + options.minimumNoise,
  };
}

/**
 * The raw vector for a warm start from `params`. As Optuna does, the free noise part starts
 * at `noise − 0.99·minimumNoise`, slightly above what `params` holds, to stay clear of 0.
 */
export function rawFromParams(params: KernelParams, options: FitOptions): Float64Array {
  const dim = params.inverseSquaredLengthscales.length;
  const raw = new Float64Array(dim + 2);
  for (let d = 0; d < dim; d++) raw[d] = Math.log(params.inverseSquaredLengthscales[d] as number);
  raw[dim] = Math.log(params.kernelScale);
  raw[dim + 1] = Math.log(Math.max(params.noiseVariance - 0.99 * options.minimumNoise, 1e-300));
  return raw;
}

/**
 * The log marginal likelihood of `data` under `params`, without the constant `−n/2·log 2π`
 * (as Optuna's `marginal_log_likelihood`): `−½ log det C − ½ yᵀC⁻¹y`, `C = K + σ²I`.
 * Returns −∞ when C is not numerically positive-definite.
 */
export function logMarginalLikelihood(data: TrainingData, params: KernelParams): number {
  const { n } = data;
  const covariance = covarianceFromPairs(data, params, pairDistances(data), null);
  if (!choleskyInPlace(covariance, n)) return Number.NEGATIVE_INFINITY;
  return likelihoodFromCholesky(covariance, n, data.y).value;
}

function likelihoodFromCholesky(
  l: Float64Array,
  n: number,
  y: Float64Array,
): { value: number; whitened: Float64Array } {
  let logDeterminantHalf = 0;
  for (let i = 0; i < n; i++) logDeterminantHalf += Math.log(l[i * n + i] as number);
  const whitened = solveLower(l, n, y, new Float64Array(n));
  let quadratic = 0;
  for (let i = 0; i < n; i++) quadratic += (whitened[i] as number) * (whitened[i] as number);
  return { value: -logDeterminantHalf - 0.5 * quadratic, whitened };
}

/** `K + σ²I` from the pair distances; fills `maternDerivatives` (per pair) when given. */
function covarianceFromPairs(
  data: TrainingData,
  params: KernelParams,
  pairs: Float64Array,
  maternDerivatives: Float64Array | null,
): Float64Array {
  const { n, dim } = data;
  const lambda = params.inverseSquaredLengthscales;
  const scale = params.kernelScale;
  const covariance = new Float64Array(n * n);
  let p = 0;
  for (let i = 0; i < n; i++) {
    covariance[i * n + i] = scale + params.noiseVariance;
    for (let j = i + 1; j < n; j++) {
      let r2 = 0;
      const base = p * dim;
      for (let d = 0; d < dim; d++) r2 += (lambda[d] as number) * (pairs[base + d] as number);
      // matern52 and matern52Derivative, sharing the square root and the exponential.
      const sqrt5d = Math.sqrt(5 * r2);
      const decay = Math.exp(-sqrt5d);
      const value = scale * decay * ((5 / 3) * r2 + sqrt5d + 1);
      covariance[i * n + j] = value;
      covariance[j * n + i] = value;
      if (maternDerivatives !== null) maternDerivatives[p] = (-5 / 6) * (sqrt5d + 1) * decay;
      p++;
    }
  }
  return covariance;
}

/**
 * The MAP loss `−(log marginal likelihood + log prior)` at the raw vector `raw` (see
 * {@link paramsFromRaw}), with its analytic gradient written into `gradient`. Returns +∞
 * (gradient untouched) when the covariance is not numerically positive-definite, which makes
 * the line search step back.
 *
 * With `W = ααᵀ − C⁻¹` (α = C⁻¹y), ∂ log ML/∂θ = ½ tr(W ∂C/∂θ).
 */
export function negativeLogPosterior(
  data: TrainingData,
  pairs: Float64Array,
  raw: Float64Array,
  gradient: Float64Array,
  options: FitOptions,
): number {
  const { n, dim } = data;
  const params = paramsFromRaw(raw, dim, options);
  const maternDerivatives = new Float64Array((n * (n - 1)) / 2);
  const l = covarianceFromPairs(data, params, pairs, maternDerivatives);
  // Keep the kernel part (no noise) of each off-diagonal entry: the lower triangle is
  // overwritten by the factor, the upper triangle is zeroed, so copy first.
  const kernelUpper = new Float64Array((n * (n - 1)) / 2);
  let p = 0;
  for (let i = 0; i < n; i++)
    for (let j = i + 1; j < n; j++) kernelUpper[p++] = l[i * n + j] as number;
  if (!choleskyInPlace(l, n)) return Number.POSITIVE_INFINITY;
  const { value: logLikelihood, whitened } = likelihoodFromCholesky(l, n, data.y);
  const alpha = solveLowerTransposed(l, n, whitened, new Float64Array(n));
  const inverse = inverseFromCholesky(l, n);

  const lambda = params.inverseSquaredLengthscales;
  const scale = params.kernelScale;
  const lengthscaleGradient = new Float64Array(dim);
  // Diagonal: ∂C_ii/∂log scale = scale, ∂C_ii/∂raw noise = noise − minimumNoise.
  let traceW = 0;
  for (let i = 0; i < n; i++) {
    const ai = alpha[i] as number;
    traceW += ai * ai - (inverse[i * n + i] as number);
  }
  let scaleGradient = 0.5 * traceW * scale;
  p = 0;
  for (let i = 0; i < n; i++) {
    const ai = alpha[i] as number;
    for (let j = i + 1; j < n; j++) {
      // Off-diagonal pairs appear twice in the trace; the ½ cancels.
      const w = ai * (alpha[j] as number) - (inverse[i * n + j] as number);
      scaleGradient += w * (kernelUpper[p] as number);
      const weight = w * scale * (maternDerivatives[p] as number);
      const base = p * dim;
      for (let d = 0; d < dim; d++) {
        lengthscaleGradient[d] =
          (lengthscaleGradient[d] as number) + weight * (pairs[base + d] as number);
      }
      p++;
    }
  }
  for (let d = 0; d < dim; d++) {
    const lambdaD = lambda[d] as number;
    // Chain rule through λ_d = exp(raw_d).
    gradient[d] =
      -((lengthscaleGradient[d] as number) + logPriorLengthscaleDerivative(lambdaD)) * lambdaD;
  }
  gradient[dim] = -(scaleGradient + logPriorKernelScaleDerivative(scale) * scale);
  if (options.deterministic) {
    gradient[dim + 1] = 0;
  } else {
    const freeNoise = params.noiseVariance - options.minimumNoise;
    gradient[dim + 1] = -(0.5 * traceW + logPriorNoiseDerivative(params.noiseVariance)) * freeNoise;
  }
  return -(logLikelihood + logPrior(params));
}

/** Optuna's starting point for a fresh fit: every hyperparameter 1. */
export function defaultKernelParams(dim: number): KernelParams {
  return {
    inverseSquaredLengthscales: new Float64Array(dim).fill(1),
    kernelScale: 1,
    noiseVariance: 1,
  };
}

function tryFit(
  data: TrainingData,
  start: KernelParams,
  options: FitOptions,
): GaussianProcess | null {
  const pairs = pairDistances(data);
  const result = minimizeLbfgs(
    (raw, gradient) => negativeLogPosterior(data, pairs, raw, gradient, options),
    rawFromParams(start, options),
    { gradientTolerance: options.gradientTolerance ?? 1e-2 },
  );
  // A line search that cannot decrease the loss any more is accepted: with this minimiser it
  // means the optimum was reached to rounding (Optuna discards a fit when scipy's line search
  // fails, and falls back to the defaults).
  if (
    !Number.isFinite(result.value) ||
    result.status === 'max-iterations' ||
    result.status === 'max-evaluations'
  ) {
    return null;
  }
  try {
    return new GaussianProcess(data, paramsFromRaw(result.x, data.dim, options));
  } catch (error) {
    if (error instanceof NotPositiveDefiniteError) return null;
    throw error;
  }
}

/**
 * Fits the kernel hyperparameters by MAP (maximum of log marginal likelihood plus log
 * prior) with L-BFGS in log-parameter space, starting from `warmStart` (the previous fit)
 * when given. As Optuna does, a failed fit is retried from the defaults, and when that fails
 * too, the GP uses the default hyperparameters unfitted.
 */
export function fitKernelParams(
  data: TrainingData,
  options: FitOptions,
  warmStart?: KernelParams,
): GaussianProcess {
  const defaults = defaultKernelParams(data.dim);
  const starts =
    warmStart !== undefined && warmStart.inverseSquaredLengthscales.length === data.dim
      ? [warmStart, defaults]
      : [defaults];
  for (const start of starts) {
    const fitted = tryFit(data, start, options);
    if (fitted !== null) return fitted;
  }
  return new GaussianProcess(data, defaults);
}
