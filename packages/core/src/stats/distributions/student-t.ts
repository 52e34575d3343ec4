import { regularizedBetaPair } from '../special/incomplete-beta';
import { normalCdf } from '../special/normal';

/**
 * Lower-tail probability P(T ≤ t) for t ≤ 0: ½ I_x(ν/2, ½) with x = ν/(ν + t²). Both x and
 * 1 − x = t²/(ν + t²) are formed directly, so neither loses relative accuracy.
 */
function lowerTail(t: number, degreesOfFreedom: number): number {
  if (t === 0) return 0.5;
  const tSquare = t * t;
  let x: number;
  let y: number;
  if (Number.isFinite(tSquare)) {
    x = degreesOfFreedom / (degreesOfFreedom + tSquare);
    y = tSquare / (degreesOfFreedom + tSquare);
  } else {
    x = degreesOfFreedom / Math.abs(t) / Math.abs(t);
    y = 1;
  }
  return 0.5 * regularizedBetaPair(degreesOfFreedom / 2, 0.5, x, y)[0];
}

/**
 * CDF of Student's t distribution, P(T ≤ t).
 *
 * Matches `scipy.stats.t.cdf(t, df)` (`scipy.special.stdtr`). With ν = +∞ it is the
 * standard normal CDF, as in scipy.
 *
 * @param t - The point.
 * @param degreesOfFreedom - ν > 0 (non-integer values are fine); +∞ gives the normal CDF.
 * @returns The probability; `NaN` for `NaN` arguments or ν ≤ 0.
 */
export function studentTCdf(t: number, degreesOfFreedom: number): number {
  if (Number.isNaN(t) || !(degreesOfFreedom > 0)) return Number.NaN;
  if (degreesOfFreedom === Number.POSITIVE_INFINITY) return normalCdf(t);
  if (t === Number.NEGATIVE_INFINITY) return 0;
  if (t === Number.POSITIVE_INFINITY) return 1;
  return t <= 0 ? lowerTail(t, degreesOfFreedom) : 1 - lowerTail(-t, degreesOfFreedom);
}

/**
 * Survival function of Student's t distribution, P(T > t) = P(T ≤ −t), accurate in the
 * upper tail (one-sided p-value of a t test).
 *
 * Matches `scipy.stats.t.sf(t, df)`.
 *
 * @param t - The point.
 * @param degreesOfFreedom - ν > 0; +∞ gives the normal survival function.
 * @returns The probability; `NaN` for `NaN` arguments or ν ≤ 0.
 */
export function studentTSf(t: number, degreesOfFreedom: number): number {
  return studentTCdf(-t, degreesOfFreedom);
}
