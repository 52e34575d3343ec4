import type { KernelParams } from './kernel';

/**
 * Optuna's floor on the noise variance (`DEFAULT_MINIMUM_NOISE_VAR`): keeps the kernel
 * matrix well conditioned and the MAP fit away from the noise-free interpolating limit.
 */
export const DEFAULT_MINIMUM_NOISE_VARIANCE = 1e-6;

/** Log of a Gamma(shape, rate) density without its normalising constant. */
function gammaLogDensity(x: number, shape: number, rate: number): number {
  return (shape - 1) * Math.log(x) - rate * x;
}

/**
 * The log prior of the kernel hyperparameters, up to a constant, as Optuna's
 * `default_log_prior`: `−Σ_d (0.1/λ_d + 0.1·λ_d)` on the inverse squared lengthscales
 * (which keeps each lengthscale away from both 0 and ∞), Gamma(2, 1) on the kernel scale and
 * Gamma(1.1, 30) on the noise variance.
 */
export function logPrior(params: KernelParams): number {
  let sum = 0;
  for (const lambda of params.inverseSquaredLengthscales) sum -= 0.1 / lambda + 0.1 * lambda;
  return (
    sum + gammaLogDensity(params.kernelScale, 2, 1) + gammaLogDensity(params.noiseVariance, 1.1, 30)
  );
}

/** ∂ logPrior / ∂λ_d. */
export function logPriorLengthscaleDerivative(lambda: number): number {
  return 0.1 / (lambda * lambda) - 0.1;
}

/** ∂ logPrior / ∂ kernelScale. */
export function logPriorKernelScaleDerivative(kernelScale: number): number {
  return 1 / kernelScale - 1;
}

/** ∂ logPrior / ∂ noiseVariance. */
export function logPriorNoiseDerivative(noiseVariance: number): number {
  return 0.1 / noiseVariance - 30;
}
