import { regularizedBeta, regularizedBetaComplement } from '../special/incomplete-beta';

function invalid(x: number, a: number, b: number): boolean {
  return Number.isNaN(x) || !(a > 0 && b > 0);
}

/**
 * CDF of the Beta(a, b) distribution, P(X ≤ x) = I_x(a, b).
 *
 * Matches `scipy.stats.beta.cdf(x, a, b)`.
 *
 * @param x - The point; values below 0 give 0 and values above 1 give 1.
 * @param a - First shape, a > 0 (+∞ accepted, as scipy).
 * @param b - Second shape, b > 0 (+∞ accepted).
 * @returns The probability; `NaN` for `NaN` arguments, non-positive shapes or a = b = +∞.
 */
export function betaCdf(x: number, a: number, b: number): number {
  if (invalid(x, a, b)) return Number.NaN;
  if (x <= 0) return regularizedBeta(a, b, 0);
  if (x >= 1) return regularizedBeta(a, b, 1);
  return regularizedBeta(a, b, x);
}

/**
 * Survival function of the Beta(a, b) distribution, P(X > x) = 1 − I_x(a, b), computed
 * directly so that it keeps relative accuracy near x = 1.
 *
 * Matches `scipy.stats.beta.sf(x, a, b)`.
 *
 * @param x - The point; values below 0 give 1 and values above 1 give 0.
 * @param a - First shape, a > 0.
 * @param b - Second shape, b > 0.
 * @returns The probability; `NaN` as for {@link betaCdf}.
 */
export function betaSf(x: number, a: number, b: number): number {
  if (invalid(x, a, b)) return Number.NaN;
  if (x <= 0) return regularizedBetaComplement(a, b, 0);
  if (x >= 1) return regularizedBetaComplement(a, b, 1);
  return regularizedBetaComplement(a, b, x);
}
