import { regularizedBetaPair } from '../special/incomplete-beta';

/**
 * [CDF, SF] of F(d₁, d₂) at x > 0 through I_w(d₁/2, d₂/2) with w = d₁x/(d₂ + d₁x); w and
 * 1 − w = d₂/(d₂ + d₁x) are both formed directly.
 */
function fPair(x: number, numerator: number, denominator: number): [number, number] {
  const scaled = numerator * x;
  if (!Number.isFinite(scaled)) return [1, 0];
  const total = denominator + scaled;
  return regularizedBetaPair(numerator / 2, denominator / 2, scaled / total, denominator / total);
}

function invalid(x: number, numerator: number, denominator: number): boolean {
  return (
    Number.isNaN(x) ||
    !(numerator > 0 && denominator > 0) ||
    !Number.isFinite(numerator) ||
    !Number.isFinite(denominator)
  );
}

/**
 * CDF of the F (Fisher–Snedecor) distribution, P(X ≤ x).
 *
 * Matches `scipy.stats.f.cdf(x, dfn, dfd)` (`scipy.special.fdtr`).
 *
 * @param x - The point; values below 0 give 0.
 * @param numeratorDegreesOfFreedom - d₁ > 0, finite.
 * @param denominatorDegreesOfFreedom - d₂ > 0, finite.
 * @returns The probability; `NaN` for `NaN` arguments or degrees of freedom that are not
 * positive and finite (scipy also gives `NaN` for infinite ones).
 */
export function fDistributionCdf(
  x: number,
  numeratorDegreesOfFreedom: number,
  denominatorDegreesOfFreedom: number,
): number {
  if (invalid(x, numeratorDegreesOfFreedom, denominatorDegreesOfFreedom)) return Number.NaN;
  if (x <= 0) return 0;
  return fPair(x, numeratorDegreesOfFreedom, denominatorDegreesOfFreedom)[0];
}

/**
 * Survival function of the F distribution, P(X > x), accurate in the upper tail (the
 * p-value of an F test).
 *
 * Matches `scipy.stats.f.sf(x, dfn, dfd)` (`scipy.special.fdtrc`).
 *
 * @param x - The point; values below 0 give 1.
 * @param numeratorDegreesOfFreedom - d₁ > 0, finite.
 * @param denominatorDegreesOfFreedom - d₂ > 0, finite.
 * @returns The probability; `NaN` as for {@link fDistributionCdf}.
 */
export function fDistributionSf(
  x: number,
  numeratorDegreesOfFreedom: number,
  denominatorDegreesOfFreedom: number,
): number {
  if (invalid(x, numeratorDegreesOfFreedom, denominatorDegreesOfFreedom)) return Number.NaN;
  if (x <= 0) return 1;
  return fPair(x, numeratorDegreesOfFreedom, denominatorDegreesOfFreedom)[1];
}
