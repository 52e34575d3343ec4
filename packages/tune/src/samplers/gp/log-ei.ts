import { normalCdf } from '@dagnostics/core/stats';
import type { GaussianProcess } from './gaussian-process';

const LOG_SQRT_2PI = 0.5 * Math.log(2 * Math.PI);
const INV_SQRT_2PI = 1 / Math.sqrt(2 * Math.PI);
/** Below this z, EI is computed from its asymptotic series instead of zΦ(z) + φ(z). */
const TAIL_START = -10;
/** Variance added before the square root, as Optuna's `stabilizing_noise`. */
export const STABILIZING_NOISE = 1e-12;

/**
 * `R(z) = h(z)/φ(z)` for z ≤ −10, where `h(z) = zΦ(z) + φ(z)` is the expected improvement of
 * a standard normal over −z. Its asymptotic series `Σ_{k≥1} (−1)^{k+1}(2k−1)!!/z^{2k}` is
 * summed until the terms stop mattering; for |z| ≥ 10 they shrink fast enough to reach full
 * double precision before they start to grow. This avoids the cancellation in
 * `1 − |z|Φ(z)/φ(z)`, which loses every digit once |z| passes ~1e8 (Optuna's own formula
 * stops being accurate there; it does not use a third branch).
 */
function tailRatio(z: number): number {
  const x = 1 / (z * z);
  let term = x;
  let sum = x;
  for (let k = 2; k < 200; k++) {
    const next = -term * (2 * k - 1) * x;
    if (Math.abs(next) >= Math.abs(term)) break;
    term = next;
    sum += term;
    if (Math.abs(term) < 1e-17 * Math.abs(sum)) break;
  }
  return sum;
}

/**
 * log E[max(0, Z + z)] for Z ~ N(0, 1), i.e. log(zΦ(z) + φ(z)): Optuna's `standard_logei`,
 * accurate for every finite z (see the tail note above).
 */
export function standardLogEi(z: number): number {
  if (z < TAIL_START) return -0.5 * z * z - LOG_SQRT_2PI + Math.log(tailRatio(z));
  return Math.log(z * normalCdf(z) + Math.exp(-0.5 * z * z) * INV_SQRT_2PI);
}

/** d/dz of {@link standardLogEi}: Φ(z) / (zΦ(z) + φ(z)). */
export function standardLogEiDerivative(z: number): number {
  if (z < TAIL_START) {
    const ratio = tailRatio(z);
    // Φ(z)/φ(z) = (1 − R)/|z| in the tail.
    return (1 - ratio) / (-z * ratio);
  }
  const cdf = normalCdf(z);
  return cdf / (z * cdf + Math.exp(-0.5 * z * z) * INV_SQRT_2PI);
}

/**
 * log EI of a normal N(mean, variance) over `threshold`:
 * `log E[max(0, Y − threshold)] = standardLogEi((mean − threshold)/σ) + log σ`.
 */
export function logEi(mean: number, variance: number, threshold: number): number {
  const sigma = Math.sqrt(variance);
  return standardLogEi((mean - threshold) / sigma) + Math.log(sigma);
}

/**
 * The log expected improvement acquisition function over the best standardised value seen,
 * with `STABILIZING_NOISE` added to the posterior variance (Optuna's `LogEI`).
 */
export class LogExpectedImprovement {
  readonly gp: GaussianProcess;
  readonly threshold: number;
  readonly #meanGradient: Float64Array;
  readonly #varianceGradient: Float64Array;

  constructor(gp: GaussianProcess, threshold: number) {
    this.gp = gp;
    this.threshold = threshold;
    this.#meanGradient = new Float64Array(gp.data.dim);
    this.#varianceGradient = new Float64Array(gp.data.dim);
  }

  /** The acquisition value at `point` (or at the row starting at `offset` of a row-major array). */
  value(point: ArrayLike<number>, offset = 0): number {
    const { mean, variance } = this.gp.posterior(point, offset);
    return logEi(mean, variance + STABILIZING_NOISE, this.threshold);
  }

  /** The acquisition value at `point`, writing its gradient (0 for categorical dimensions) into `gradient`. */
  valueAndGradient(point: ArrayLike<number>, gradient: Float64Array): number {
    const { mean, variance } = this.gp.posteriorWithGradient(
      point,
      this.#meanGradient,
      this.#varianceGradient,
    );
    const sigma = Math.sqrt(variance + STABILIZING_NOISE);
    const z = (mean - this.threshold) / sigma;
    const slope = standardLogEiDerivative(z);
    const byMean = slope / sigma;
    const byVariance = (1 - slope * z) / (2 * sigma * sigma);
    for (let d = 0; d < gradient.length; d++) {
      gradient[d] =
        byMean * (this.#meanGradient[d] as number) +
        byVariance * (this.#varianceGradient[d] as number);
    }
    return standardLogEi(z) + Math.log(sigma);
  }
}
