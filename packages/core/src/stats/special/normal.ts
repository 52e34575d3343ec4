import {
  CONTINUED_FRACTION_MIN,
  erf,
  erfc,
  expNegativeHalfSquare,
  MAX_LOG,
  negativeHalfSquare,
  scaledErfc,
} from './error-function';

/** ln √(2π). */
const LOG_SQRT_TWO_PI = 0.9189385332046728;

/**
 * Φ(−a) for a ≥ 0, the lower tail. Far out it is ½ e^{−a²/2} erfcx(a/√2), with e^{−a²/2}
 * formed from a itself (not from the rounded a/√2), so that the result is accurate to a few
 * ulps (normalSf(30) = 4.906713927148187e-198 within 1e-15; scipy is off by 6e-14 there).
 */
function lowerTail(a: number): number {
  const z = a * Math.SQRT1_2;
  if (z < CONTINUED_FRACTION_MIN) return 0.5 * erfc(z);
  if (z * z > MAX_LOG) return 0;
  return 0.5 * expNegativeHalfSquare(a) * scaledErfc(z);
}

/**
 * Standard normal cumulative distribution function Φ(x) = P(Z ≤ x).
 *
 * Matches `scipy.special.ndtr` (and `scipy.stats.norm.cdf`) with full relative accuracy in
 * the lower tail. Like scipy it returns 0 below about x = −37.7, where Φ(x) is subnormal.
 *
 * @param x - The point, in standard deviations.
 * @returns Φ(x) in [0, 1]; `NaN` for `NaN`, 0 for −∞ and 1 for +∞.
 */
export function normalCdf(x: number): number {
  if (Number.isNaN(x)) return Number.NaN;
  // Near 0 use erf, as ndtr does, so that Φ(x) − ½ is not rounded away.
  if (Math.abs(x * Math.SQRT1_2) < 1) return 0.5 + 0.5 * erf(x * Math.SQRT1_2);
  return x > 0 ? 1 - lowerTail(x) : lowerTail(-x);
}

/**
 * Standard normal survival function 1 − Φ(x) = Φ(−x), accurate far into the upper tail
 * (`normalSf(30)` ≈ 4.906713927148187e-198).
 *
 * Matches `scipy.stats.norm.sf` (which is `ndtr(-x)`).
 *
 * @param x - The point, in standard deviations.
 * @returns 1 − Φ(x) in [0, 1]; `NaN` for `NaN`.
 */
export function normalSf(x: number): number {
  return normalCdf(-x);
}

/** ln Φ(x), finite for every finite x (no underflow in the far lower tail). */
function logNormalCdf(x: number): number {
  const z = -x * Math.SQRT1_2;
  if (z < CONTINUED_FRACTION_MIN) return Math.log(normalCdf(x));
  return -Math.LN2 + negativeHalfSquare(x) + Math.log(scaledErfc(z));
}

/**
 * Inverse of erf on (−0.5, 0.5) by Newton's method from a series start. Used for p near ½,
 * where 2p − 1 is exact and Φ(x) − p would cancel.
 */
function inverseErfCentral(y: number): number {
  if (y === 0) return y;
  const ySquare = y * y;
  const halfSqrtPi = 0.886226925452758;
  let z =
    halfSqrtPi * y * (1 + ySquare * (Math.PI / 12 + ySquare * ((7 * Math.PI * Math.PI) / 480)));
  for (let iteration = 0; iteration < 20; iteration++) {
    const step = (erf(z) - y) / (Math.exp(-z * z) / halfSqrtPi);
    z -= step;
    if (Math.abs(step) <= 1e-17 * Math.abs(z)) break;
  }
  return z;
}

/**
 * Lower-tail quantile for 0 < p ≤ 0.25: Newton's method on ln Φ(x) = ln p, which converges
 * quadratically and never underflows, from the Abramowitz–Stegun 26.2.23 starting value.
 */
function lowerTailQuantile(p: number): number {
  const logP = Math.log(p);
  const t = Math.sqrt(-2 * logP);
  let x = -(
    t -
    (2.515517 + t * (0.802853 + t * 0.010328)) /
      (1 + t * (1.432788 + t * (0.189269 + t * 0.001308)))
  );
  for (let iteration = 0; iteration < 50; iteration++) {
    const logCdf = logNormalCdf(x);
    // d/dx ln Φ(x) = φ(x)/Φ(x), formed in logs so that it stays finite far out.
    const slope = Math.exp(negativeHalfSquare(x) - LOG_SQRT_TWO_PI - logCdf);
    const step = (logCdf - logP) / slope;
    x -= step;
    if (Math.abs(step) <= 1e-16 * Math.abs(x)) break;
  }
  return x;
}

/**
 * Quantile function (inverse CDF) of the standard normal: the x with Φ(x) = p.
 *
 * Matches `scipy.special.ndtri` (`scipy.stats.norm.ppf`), with full relative accuracy in both
 * tails, e.g. `normalPpf(1e-300)` ≈ −37.0471 and `normalPpf(5e-324)` ≈ −38.4674.
 *
 * @param p - A probability in [0, 1].
 * @returns The quantile; −∞ at 0, +∞ at 1, `NaN` for `NaN` or p outside [0, 1].
 */
export function normalPpf(p: number): number {
  if (!(p >= 0 && p <= 1)) return Number.NaN;
  if (p === 0) return Number.NEGATIVE_INFINITY;
  if (p === 1) return Number.POSITIVE_INFINITY;
  // 2p − 1 is exact on (0.25, 0.75), and 1 − p is exact for p ≥ 0.5.
  if (p > 0.25 && p < 0.75) return Math.SQRT2 * inverseErfCentral(2 * p - 1);
  return p <= 0.25 ? lowerTailQuantile(p) : -lowerTailQuantile(1 - p);
}
