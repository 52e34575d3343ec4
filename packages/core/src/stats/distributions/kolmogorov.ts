/**
 * Below this the two-sided limiting distribution is evaluated with the Jacobi-theta form of
 * the CDF, above it with the alternating series for the survival function; each side then
 * takes the other as the complement, which costs nothing because both are ≥ 0.49 there.
 */
const SERIES_CUTOVER = 0.82;
/** √(2π). */
const SQRT_TWO_PI = 2.5066282746310002;
/** e^{-π²/(8x²)} underflows for x below π / √(8·746); the CDF is 0 there. */
const CDF_UNDERFLOW = Math.PI / Math.sqrt(8 * 746);

/** [sf, cdf] of the limiting Kolmogorov distribution. */
function kolmogorovPair(x: number): [number, number] {
  if (Number.isNaN(x)) return [Number.NaN, Number.NaN];
  if (x <= CDF_UNDERFLOW) return [1, 0];
  if (x <= SERIES_CUTOVER) {
    // K(x) = √(2π)/x · Σ_{k≥1} exp(−(2k−1)²π²/(8x²)); the leading factor is formed in logs so
    // that it does not underflow before the multiplication by √(2π)/x.
    const logFirst = (-Math.PI * Math.PI) / (8 * x * x);
    const ratio = Math.exp(8 * logFirst);
    // Terms relative to the first: q^{(2k−1)²−1} with q = e^{logFirst}, i.e. ratio^{k(k−1)/2}.
    let sum = 1;
    let power = 1;
    for (let k = 2; k < 20; k++) {
      power *= ratio ** (k - 1);
      if (power === 0) break;
      sum += power;
      if (power < 1e-17 * sum) break;
    }
    const cdf = Math.exp(logFirst + Math.log(SQRT_TWO_PI / x)) * sum;
    return [clampProbability(1 - cdf), clampProbability(cdf)];
  }
  // 1 − K(x) = 2 Σ_{k≥1} (−1)^{k−1} e^{−2k²x²}.
  const v = Math.exp(-2 * x * x);
  let sum = 0;
  let sign = 1;
  for (let k = 1; k < 20; k++) {
    const term = v ** (k * k);
    sum += sign * term;
    if (term < 1e-17 * Math.abs(sum)) break;
    sign = -sign;
  }
  const sf = 2 * sum;
  return [clampProbability(sf), clampProbability(1 - sf)];
}

function clampProbability(p: number): number {
  return Math.min(1, Math.max(0, p));
}

/**
 * Survival function of the limiting two-sided Kolmogorov distribution,
 * P(√n·Dₙ > x) as n → ∞: 2 Σ_{k≥1} (−1)^{k−1} e^{−2k²x²}.
 *
 * Matches `scipy.special.kolmogorov(x)` (= `scipy.stats.kstwobign.sf`). For finite samples
 * use {@link kstwoSf}.
 *
 * @param x - The scaled statistic √n·D.
 * @returns The probability; 1 for x ≤ 0, `NaN` for `NaN`.
 */
export function kolmogorovSf(x: number): number {
  return kolmogorovPair(x)[0];
}

/**
 * CDF of the limiting two-sided Kolmogorov distribution, 1 − {@link kolmogorovSf}(x),
 * accurate in its lower tail.
 *
 * Matches `scipy.stats.kstwobign.cdf(x)` (scipy's private `kolmogc`).
 *
 * @param x - The scaled statistic √n·D.
 * @returns The probability; 0 for x ≤ 0, `NaN` for `NaN`.
 */
export function kolmogorovCdf(x: number): number {
  return kolmogorovPair(x)[1];
}
