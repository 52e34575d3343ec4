import { regularizedGammaP, regularizedGammaQ } from '../special/incomplete-gamma';

function invalid(x: number, degreesOfFreedom: number): boolean {
  return Number.isNaN(x) || !(degreesOfFreedom > 0);
}

/**
 * CDF of the chi-squared distribution, P(X ≤ x) = P(k/2, x/2).
 *
 * Matches `scipy.stats.chi2.cdf(x, df)` (`scipy.special.chdtr`).
 *
 * @param x - The point; values below 0 give 0.
 * @param degreesOfFreedom - k > 0; +∞ is accepted (the CDF is then 0 at every finite x).
 * @returns The probability; `NaN` for `NaN` arguments or k ≤ 0.
 */
export function chiSquaredCdf(x: number, degreesOfFreedom: number): number {
  if (invalid(x, degreesOfFreedom)) return Number.NaN;
  if (x <= 0) return 0;
  return regularizedGammaP(degreesOfFreedom / 2, x / 2);
}

/**
 * Survival function of the chi-squared distribution, P(X > x) = Q(k/2, x/2), accurate in
 * the upper tail (this is the p-value of a chi-squared test).
 *
 * Matches `scipy.stats.chi2.sf(x, df)` (`scipy.special.chdtrc`).
 *
 * @param x - The point; values below 0 give 1.
 * @param degreesOfFreedom - k > 0; +∞ is accepted.
 * @returns The probability; `NaN` for `NaN` arguments or k ≤ 0.
 */
export function chiSquaredSf(x: number, degreesOfFreedom: number): number {
  if (invalid(x, degreesOfFreedom)) return Number.NaN;
  if (x <= 0) return 1;
  return regularizedGammaQ(degreesOfFreedom / 2, x / 2);
}
