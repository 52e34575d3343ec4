/**
 * The standard normal pieces TPE needs, computed stably in log space: Φ, log Φ, the log
 * of the Gaussian mass on an interval, the inverse of log Φ (by Newton's method), and the
 * truncated normal's log-density and quantile function. Scalar functions on plain numbers:
 * the Parzen estimator calls them in tight loops over Float64Arrays.
 */

import { erf, erfc } from './erf';

const SQRT2 = Math.SQRT2;
/** log √(2π). */
export const LOG_SQRT_2PI = 0.5 * Math.log(2 * Math.PI);
/** √3 / π: the logistic approximation of Φ used for Newton's starting point. */
const LOGISTIC_SCALE = Math.sqrt(3) / Math.PI;

/** Φ(a), the standard normal CDF, with relative accuracy in the lower tail. */
export function ndtr(a: number): number {
  const x = a / SQRT2;
  if (x < -1 / SQRT2) return 0.5 * erfc(-x);
  if (x < 1 / SQRT2) return 0.5 + 0.5 * erf(x);
  return 1 - 0.5 * erfc(x);
}

/**
 * log Φ(a), finite for every finite a. Past a = −20 (where Φ nears underflow) it uses the
 * asymptotic expansion log Φ(a) = −a²/2 − log(−a) − log √(2π) + log Σ_k (−1)^k (2k−1)!! / a^{2k};
 * above a = 6 it is −Φ(−a) (log(1 − ε) ≈ −ε).
 */
export function logNdtr(a: number): number {
  if (a > 6) return -ndtr(-a);
  if (a > -20) return Math.log(ndtr(a));
  const inverseSquare = 1 / (a * a);
  let series = 1;
  let previous = 0;
  let term = 1;
  let k = 0;
  while (Math.abs(previous - series) > Number.EPSILON) {
    k += 1;
    previous = series;
    term *= -(2 * k - 1) * inverseSquare;
    series += term;
  }
  return -0.5 * a * a - Math.log(-a) - LOG_SQRT_2PI + Math.log(series);
}

/** log(e^p − e^q) for p ≥ q. */
function logDiff(logP: number, logQ: number): number {
  return logP + Math.log1p(-Math.exp(logQ - logP));
}

/** log(e^p + e^q) without overflow (numpy's logaddexp). */
export function logAddExp(p: number, q: number): number {
  if (p === q) return p + Math.LN2;
  const larger = Math.max(p, q);
  const smaller = Math.min(p, q);
  if (larger === Number.NEGATIVE_INFINITY) return larger;
  return larger + Math.log1p(Math.exp(smaller - larger));
}

/**
 * log ∫_a^b φ(z) dz for a ≤ b. Both-left intervals work with log Φ directly, both-right
 * ones are mirrored into the left tail, and an interval around 0 uses log1p(−Φ(a) − Φ(−b))
 * so that a mass near 1 keeps its precision.
 */
export function logGaussMass(a: number, b: number): number {
  if (b <= 0) return logDiff(logNdtr(b), logNdtr(a));
  if (a > 0) return logDiff(logNdtr(-a), logNdtr(-b));
  return Math.log1p(-(0.5 + 0.5 * erf(a / SQRT2)) - (0.5 + 0.5 * erf(-b / SQRT2)));
}

/**
 * The x with log Φ(x) = y (y ≤ 0), by Newton's method on f(x) = log Φ(x) − y, whose
 * derivative is φ(x)/Φ(x). Close to y = 0 it solves for −x against log(1 − e^y) instead,
 * which keeps the precision there. The start is the Gaussian tail approximation for very
 * negative targets and the logistic approximation of Φ otherwise. Stops when a step is
 * below 1e-8 relative to x (at most 100 steps).
 */
export function ndtriExp(y: number): number {
  const flipped = y > -1e-2;
  const target = flipped ? Math.log(-Math.expm1(y)) : y;
  let x =
    target < -5
      ? -Math.sqrt(-2 * (target + LOG_SQRT_2PI))
      : -LOGISTIC_SCALE * Math.log(Math.expm1(-target));
  for (let iteration = 0; iteration < 100; iteration++) {
    const logPhi = logNdtr(x);
    const logDensity = -0.5 * x * x - LOG_SQRT_2PI;
    const step = (logPhi - target) * Math.exp(logPhi - logDensity);
    x -= step;
    if (Math.abs(step) < 1e-8 * Math.abs(x)) break;
  }
  return flipped ? -x : x;
}

/**
 * The quantile function of the standard normal truncated to [a, b]: the c with
 * Φ(c) = Φ(a) + q·(Φ(b) − Φ(a)), solved in log space, on the side of 0 where log Φ is
 * accurate (a < 0 from the left, otherwise mirrored from the right). `logMass` is
 * `logGaussMass(a, b)`, passed in because callers reuse it per kernel.
 */
export function truncnormPpf(q: number, a: number, b: number, logMass: number): number {
  if (a === b) return Number.NaN;
  if (q === 0) return a;
  if (q === 1) return b;
  if (a < 0) return ndtriExp(logAddExp(logNdtr(a), Math.log(q) + logMass));
  return -ndtriExp(logAddExp(logNdtr(-b), Math.log1p(-q) + logMass));
}

/**
 * log-density at x of the normal(loc, scale) truncated to [loc + a·scale, loc + b·scale]:
 * −∞ outside, NaN when a = b.
 */
export function truncnormLogPdf(
  x: number,
  a: number,
  b: number,
  loc: number,
  scale: number,
): number {
  const z = (x - loc) / scale;
  if (a === b) return Number.NaN;
  if (z < a || z > b) return Number.NEGATIVE_INFINITY;
  return -0.5 * z * z - LOG_SQRT_2PI - logGaussMass(a, b) - Math.log(scale);
}
