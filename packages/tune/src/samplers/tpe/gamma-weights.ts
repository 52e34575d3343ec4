/**
 * TPE's default split size (gamma) and observation weights, as Optuna 5 defines them.
 */

/** How many of `n` finished trials go to the good set: min(⌈0.1·n⌉, 25) (single objective). */
export function defaultGamma(n: number): number {
  return Math.min(Math.ceil(0.1 * n), 25);
}

/** The multi-objective good-set size: ⌈0.1·n⌉, uncapped. */
export function defaultGammaMultiobjective(n: number): number {
  return Math.ceil(0.1 * n);
}

/** Hyperopt 0.1.2's gamma: min(⌈0.25·√n⌉, 25). */
export function hyperoptDefaultGamma(n: number): number {
  return Math.min(Math.ceil(0.25 * Math.sqrt(n)), 25);
}

/**
 * Weights of `n` observations sorted by trial number: all ones below 25; otherwise a
 * linear ramp from 1/n to 1 over the oldest n − 25 (numpy's `linspace`, both ends
 * included) followed by 25 ones.
 */
export function defaultWeights(n: number): Float64Array {
  const weights = new Float64Array(n).fill(1);
  if (n < 25) return weights;
  const rampLength = n - 25;
  const start = 1 / n;
  if (rampLength === 1) {
    weights[0] = start;
  } else if (rampLength > 1) {
    const step = (1 - start) / (rampLength - 1);
    for (let i = 0; i < rampLength; i++) weights[i] = start + i * step;
    weights[rampLength - 1] = 1;
  }
  return weights;
}
