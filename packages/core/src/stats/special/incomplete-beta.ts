import { logGamma, stirlingCorrection } from './log-gamma';
import { log1pMinusX } from './log1p-minus-x';

const EPSILON = Number.EPSILON;
const LENTZ_TINY = 1e-300;
/** Enough for shapes up to about 1e12: the series and fractions need O(√a) terms. */
const MAX_ITERATIONS = 10_000_000;
/** Above this, ln Γ is split into Stirling's formula plus `stirlingCorrection`. */
const LARGE_SHAPE = 10;

/**
 * ln(1 + t) − t given both t and 1 + t; 1 + t is taken as given where t is near −1 and
 * 1 + t is the better-known quantity.
 */
function logOnePlusMinus(t: number, onePlusT: number): number {
  return Math.abs(t) < 0.5 ? log1pMinusX(t) : Math.log(onePlusT) - t;
}

/**
 * x^a y^b / B(a, b) with y = 1 − x. Both x and y are passed, each with full relative
 * accuracy, because callers can usually compute the small one directly
 * (e.g. t² / (ν + t²) for Student's t).
 */
function betaPrefix(a: number, b: number, x: number, y: number): number {
  const sum = a + b;
  if (a >= LARGE_SHAPE && b >= LARGE_SHAPE) {
    // With Stirling's formula for the three gamma functions, the large terms combine into
    // a·(ln(1+u) − u) + b·(ln(1+v) − v), where 1 + u = x(a+b)/a, 1 + v = y(a+b)/b and
    // a·u + b·v = 0 exactly. u (or v) is formed from the smaller of x and y.
    let u: number;
    let v: number;
    if (x <= y) {
      u = (x * sum - a) / a;
      v = (-a * u) / b;
    } else {
      v = (y * sum - b) / b;
      u = (-b * v) / a;
    }
    const exponent =
      a * logOnePlusMinus(u, (x * sum) / a) +
      b * logOnePlusMinus(v, (y * sum) / b) +
      stirlingCorrection(sum) -
      stirlingCorrection(a) -
      stirlingCorrection(b);
    return Math.sqrt((a * b) / (2 * Math.PI * sum)) * Math.exp(exponent);
  }
  const logX = x <= y ? Math.log(x) : Math.log1p(-y);
  const logY = x <= y ? Math.log1p(-x) : Math.log(y);
  if (a < LARGE_SHAPE && b < LARGE_SHAPE) {
    return Math.exp(a * logX + b * logY + logGamma(sum) - logGamma(a) - logGamma(b));
  }
  // One shape is large: ln Γ(large + small) − ln Γ(large) by Stirling, so that the two
  // large ln Γ values never meet in floating point.
  const [small, large, logSmallVariable, logLargeVariable] =
    a < b ? [a, b, logX, logY] : [b, a, logY, logX];
  const ratioLog =
    (large - 0.5) * Math.log1p(small / large) +
    small * Math.log(sum) -
    small +
    stirlingCorrection(sum) -
    stirlingCorrection(large);
  return Math.exp(small * logSmallVariable + large * logLargeVariable + ratioLog - logGamma(small));
}

/**
 * The continued fraction of DiDonato & Morris (ACM TOMS 708, 1992) for
 * (x^a y^b / B(a, b)) / I_x(a, b), evaluated with the modified Lentz method. Unlike the
 * classic fraction it carries a·y − b·x + 1 explicitly, so it stays accurate near the mean
 * when one shape is much smaller than the other. Used for x ≤ a / (a + b).
 */
function betaContinuedFraction(a: number, b: number, x: number, y: number): number {
  const shifted = a * y - b * x + 1;
  let value = (a / (a + 1)) * shifted;
  if (value === 0) value = LENTZ_TINY;
  let c = value;
  let d = 0;
  for (let m = 1; m < MAX_ITERATIONS; m++) {
    const denominator = a + 2 * m - 1;
    // Ratios first, so that huge shapes (ν = 1e300 in Student's t) do not overflow.
    const numeratorTerm =
      ((a + m - 1) / denominator) * ((a + b + m - 1) / denominator) * (m * (b - m) * x * x);
    const denominatorTerm =
      m + (m * (b - m) * x) / denominator + ((a + m) / (a + 2 * m + 1)) * (shifted + m * (2 - x));
    d = denominatorTerm + numeratorTerm * d;
    if (d === 0) d = LENTZ_TINY;
    c = denominatorTerm + numeratorTerm / c;
    if (c === 0) c = LENTZ_TINY;
    d = 1 / d;
    const delta = c * d;
    value *= delta;
    if (Math.abs(delta - 1) <= EPSILON) break;
  }
  return value;
}

/**
 * [I_x(a, b), 1 − I_x(a, b)], each with full relative accuracy, given x and y = 1 − x
 * separately. Handles scipy's edge values; `NaN` outside the domain.
 */
export function regularizedBetaPair(a: number, b: number, x: number, y: number): [number, number] {
  if (Number.isNaN(a) || Number.isNaN(b) || Number.isNaN(x) || Number.isNaN(y)) {
    return [Number.NaN, Number.NaN];
  }
  if (a < 0 || b < 0 || x < 0 || x > 1 || (a === 0 && b === 0)) return [Number.NaN, Number.NaN];
  if (a === Number.POSITIVE_INFINITY && b === Number.POSITIVE_INFINITY) {
    return [Number.NaN, Number.NaN];
  }
  // Test the variable that is exact at each end: x may round to 1 while y is still positive.
  if (x === 0) return [0, 1];
  if (y === 0) return [1, 0];
  if (a === 0 || b === Number.POSITIVE_INFINITY) return [1, 0];
  if (b === 0 || a === Number.POSITIVE_INFINITY) return [0, 1];
  // Evaluate the tail below the mean directly and the other one as its complement.
  if (a * y - b * x < 0) {
    const complement = betaPrefix(b, a, y, x) / betaContinuedFraction(b, a, y, x);
    return [1 - complement, complement];
  }
  const value = betaPrefix(a, b, x, y) / betaContinuedFraction(a, b, x, y);
  return [value, 1 - value];
}

/**
 * Regularized incomplete beta function I_x(a, b) = B(x; a, b) / B(a, b).
 *
 * Matches `scipy.special.betainc` (the CDF of a Beta(a, b) variable at x), including its
 * edge values: 0 at x = 0 and 1 at x = 1; 1 when a = 0 or b = +∞; 0 when b = 0 or a = +∞.
 *
 * @param a - First shape, a ≥ 0.
 * @param b - Second shape, b ≥ 0.
 * @param x - Upper limit of integration, in [0, 1].
 * @returns I_x(a, b) in [0, 1]; `NaN` for `NaN` inputs, negative shapes, a = b = 0,
 * a = b = +∞ or x outside [0, 1].
 */
export function regularizedBeta(a: number, b: number, x: number): number {
  return regularizedBetaPair(a, b, x, 1 - x)[0];
}

/**
 * Complement 1 − I_x(a, b) of the regularized incomplete beta function, computed directly so
 * that it keeps relative accuracy when it is tiny.
 *
 * Matches `scipy.special.betaincc` (the survival function of a Beta(a, b) variable at x).
 *
 * @param a - First shape, a ≥ 0.
 * @param b - Second shape, b ≥ 0.
 * @param x - Lower limit of integration, in [0, 1].
 * @returns 1 − I_x(a, b) in [0, 1], with the edge values of {@link regularizedBeta} mirrored.
 */
export function regularizedBetaComplement(a: number, b: number, x: number): number {
  return regularizedBetaPair(a, b, x, 1 - x)[1];
}
