import { chiSquaredSf, regularizedBeta } from '@dagnostics/core';

/** The outcome of McNemar's test on the discordant pairs of a paired 2×2 table. */
export interface McNemarTestResult {
  /** Rows the champion got right and the challenger wrong. */
  b: number;
  /** Rows the challenger got right and the champion wrong. */
  c: number;
  /** `exact`: two-sided binomial test on min(b, c); `chi-square`: with continuity correction. */
  method: 'exact' | 'chi-square';
  /** `min(b, c)` for the exact test, `(|b − c| − 1)² / (b + c)` for chi-square. */
  statistic: number;
  /** Two-sided p-value. */
  pValue: number;
}

/**
 * `P(X <= k)` for `X ~ Binomial(n, 1/2)`, through the regularized incomplete beta
 * function: `I_{1/2}(n − k, k + 1)`.
 */
function binomialHalfCdf(k: number, n: number): number {
  if (k >= n) return 1;
  return regularizedBeta(n - k, k + 1, 0.5);
}

/**
 * McNemar's test from the discordant counts `b` and `c`, as statsmodels
 * `mcnemar([[a, b], [c, d]], exact, correction=True)`: exactly, `p = min(1, 2·P(X <=
 * min(b, c)))` with `X ~ Binomial(b + c, 1/2)` (equal to scipy `binomtest(b, b + c).pvalue`);
 * otherwise `χ² = (|b − c| − 1)² / (b + c)` and `p = P(χ²₁ >= χ²)`. The exact test is used
 * when `b + c < exactBelow` (default 25, the usual rule of thumb for the chi-square
 * approximation). With no discordant pair the exact test gives p = 1.
 */
export function mcnemarTest(b: number, c: number, exactBelow = 25): McNemarTestResult {
  const discordant = b + c;
  if (discordant < exactBelow || discordant === 0) {
    const statistic = Math.min(b, c);
    const pValue = Math.min(1, 2 * binomialHalfCdf(statistic, discordant));
    return { b, c, method: 'exact', statistic, pValue };
  }
  const corrected = Math.abs(b - c) - 1;
  const statistic = (corrected * corrected) / discordant;
  return { b, c, method: 'chi-square', statistic, pValue: chiSquaredSf(statistic, 1) };
}
