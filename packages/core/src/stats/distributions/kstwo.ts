import { stirlingCorrection } from '../special/log-gamma';
import { durbinMatrixCdf } from './kstwo-durbin-matrix';
import { pelzGoodCdf } from './kstwo-pelz-good';
import { pomeranzCdf } from './kstwo-pomeranz';
import { smirnovSf } from './smirnov';

/** ½ ln(2π). */
const HALF_LOG_TWO_PI = 0.9189385332046728;

function clampProbability(p: number): number {
  return Math.min(1, Math.max(0, p));
}

/** ln(n!/nⁿ) = ½ ln(2πn) − n + μ(n) by Stirling's formula, without forming n ln n. */
function logFactorialOverPower(n: number): number {
  return 0.5 * Math.log(n) + HALF_LOG_TWO_PI - n + stirlingCorrection(n);
}

/**
 * [cdf, sf] of the exact two-sided one-sample Kolmogorov–Smirnov statistic Dₙ at d, for
 * 1/(2n) < d < 1, choosing the method as Simard & L'Ecuyer (2011) do and as scipy's
 * `_kolmogn` does, so that the approximations it uses for large n are the same ones.
 */
function kolmogorovSmirnovPair(n: number, d: number): [number, number] {
  const t = n * d;
  if (t <= 1) {
    // Ruben–Gambino: P(Dₙ ≤ d) = n!/nⁿ (2t − 1)ⁿ for 1/(2n) ≤ d ≤ 1/n.
    let cdf: number;
    if (n <= 140) {
      cdf = 1;
      for (let i = 1; i <= n; i++) cdf *= i * (1 / n) * (2 * t - 1);
    } else {
      cdf = Math.exp(logFactorialOverPower(n) + n * Math.log(2 * t - 1));
    }
    return [clampProbability(cdf), clampProbability(1 - cdf)];
  }
  if (t >= n - 1) {
    // Ruben–Gambino: P(Dₙ ≥ d) = 2(1 − d)ⁿ for d ≥ 1 − 1/n.
    const sf = 2 * (1 - d) ** n;
    return [clampProbability(1 - sf), clampProbability(sf)];
  }
  if (d >= 0.5) {
    // The events Dₙ⁺ ≥ d and Dₙ⁻ ≥ d are disjoint, so the one-sided result doubles exactly.
    const sf = 2 * smirnovSf(n, d);
    return [clampProbability(1 - sf), clampProbability(sf)];
  }
  const nd2 = t * d;
  if (n <= 140) {
    let cdf: number;
    if (nd2 <= 0.754693) {
      cdf = durbinMatrixCdf(n, d);
    } else if (nd2 <= 4) {
      cdf = pomeranzCdf(n, d);
    } else {
      const sf = 2 * smirnovSf(n, d);
      return [clampProbability(1 - sf), clampProbability(sf)];
    }
    return [clampProbability(cdf), clampProbability(1 - cdf)];
  }
  // For n > 140 the CDF and SF switch methods at different n·d² (as in scipy), so each is
  // computed on its own.
  let cdf: number;
  if (nd2 >= 18) cdf = 1;
  else if (n <= 100_000 && n * d ** 1.5 <= 1.4) cdf = durbinMatrixCdf(n, d);
  else cdf = pelzGoodCdf(n, d);
  let sf: number;
  if (nd2 >= 370) sf = 0;
  else if (nd2 >= 2.2) sf = 2 * smirnovSf(n, d);
  else sf = 1 - cdf;
  return [clampProbability(cdf), clampProbability(sf)];
}

function pair(d: number, n: number): [number, number] {
  if (Number.isNaN(d) || !(n >= 1) || !Number.isInteger(n)) return [Number.NaN, Number.NaN];
  if (d <= 0.5 / n) return [0, 1];
  if (d >= 1) return [1, 0];
  return kolmogorovSmirnovPair(n, d);
}

/**
 * CDF of the exact two-sided one-sample Kolmogorov–Smirnov statistic,
 * P(Dₙ ≤ d) for a sample of size n from a continuous distribution.
 *
 * Matches `scipy.stats.kstwo.cdf(d, n)`: Durbin's matrix (Marsaglia–Tsang–Wang),
 * Pomeranz's recursion, the exact one-sided Smirnov sum and, for large n, the Pelz–Good
 * expansion, selected by the Simard–L'Ecuyer rules on n and n·d².
 *
 * @param d - The statistic, in [0, 1]; the support is [1/(2n), 1].
 * @param n - Sample size, a positive integer. Cost grows with n·d (up to O(n) for the
 * Smirnov sum used in the far upper tail).
 * @returns The probability; `NaN` for `NaN` d or n that is not a positive integer.
 */
export function kstwoCdf(d: number, n: number): number {
  return pair(d, n)[0];
}

/**
 * Survival function P(Dₙ > d) of the exact two-sided one-sample Kolmogorov–Smirnov
 * statistic, the p-value of a two-sided KS test, accurate in the far upper tail.
 *
 * Matches `scipy.stats.kstwo.sf(d, n)` (which `scipy.stats.ks_2samp` uses for its asymptotic
 * p-value with n = round(m·n/(m+n))).
 *
 * @param d - The statistic, in [0, 1].
 * @param n - Sample size, a positive integer.
 * @returns The probability; `NaN` as for {@link kstwoCdf}.
 */
export function kstwoSf(d: number, n: number): number {
  return pair(d, n)[1];
}
