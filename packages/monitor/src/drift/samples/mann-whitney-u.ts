import { InvalidArgumentError } from '@dagnostics/core';
import { type NumericArray, normalCdf } from '@dagnostics/core/stats';
import { binomialCoefficient } from './binomial-coefficient';
import { sortedFiniteValues } from './finite-sample';
import type { Alternative } from './ks-two-sample';

/** How {@link mannWhitneyU} computes its p-value. */
export type MannWhitneyMethod = 'auto' | 'exact' | 'asymptotic';

/** Options of {@link mannWhitneyU}. */
export interface MannWhitneyUOptions {
  /**
   * Default `'two-sided'`. `'less'`: the distribution of `reference` is stochastically less
   * than that of `current`; `'greater'`: stochastically greater.
   */
  alternative?: Alternative;
  /** Subtract ½ from |U − mean| in the normal approximation. Default `true`. */
  useContinuity?: boolean;
  /**
   * Default `'auto'`: exact when either sample has at most 8 values and there are no ties,
   * normal approximation (with tie correction) otherwise. `'exact'` ignores ties.
   */
  method?: MannWhitneyMethod;
}

/** Result of {@link mannWhitneyU}. */
export interface MannWhitneyUResult {
  /** U₁, the Mann–Whitney statistic of `reference` (U₂ = n₁n₂ − U₁). */
  readonly statistic: number;
  /** The p-value, in [0, 1]. */
  readonly pValue: number;
  /** The method used. */
  readonly method: 'exact' | 'asymptotic';
}

interface RankSums {
  /** Sum of the mid-ranks of `reference` in the pooled sample. */
  referenceRankSum: number;
  /** Σ (t³ − t) over groups of t tied values. */
  tieTerm: number;
  hasTies: boolean;
}

function rankSums(a: Float64Array, b: Float64Array): RankSums {
  let ia = 0;
  let ib = 0;
  let rankSum = 0;
  let tieTerm = 0;
  let hasTies = false;
  const n1 = a.length;
  const n2 = b.length;
  while (ia < n1 || ib < n2) {
    const value =
      ia === n1
        ? (b[ib] as number)
        : ib === n2
          ? (a[ia] as number)
          : Math.min(a[ia] as number, b[ib] as number);
    const startA = ia;
    const startB = ib;
    while (ia < n1 && (a[ia] as number) === value) ia++;
    while (ib < n2 && (b[ib] as number) === value) ib++;
    const inA = ia - startA;
    const tied = inA + (ib - startB);
    // Mid-rank of the group: its first ordinal rank plus (t − 1)/2.
    rankSum += inA * (startA + startB + 1 + (tied - 1) / 2);
    if (tied > 1) {
      hasTies = true;
      tieTerm += tied ** 3 - tied;
    }
  }
  return { referenceRankSum: rankSum, tieTerm, hasTies };
}

/**
 * Counts of the null distribution of U for sizes (small, large), for u = 0..maxU: the
 * coefficients of the Gaussian binomial ∏ᵢ (1 − q^(large+i)) / (1 − q^i), built factor by
 * factor. Integer-exact while the counts stay below 2⁵³. O(small · maxU) time.
 */
function nullCounts(small: number, large: number, maxU: number): Float64Array {
  const counts = new Float64Array(maxU + 1);
  counts[0] = 1;
  for (let i = 1; i <= small; i++) {
    for (let u = i; u <= maxU; u++) counts[u] = (counts[u] as number) + (counts[u - i] as number);
    const shift = large + i;
    for (let u = maxU; u >= shift; u--) {
      counts[u] = (counts[u] as number) - (counts[u - shift] as number);
    }
  }
  return counts;
}

/** P(U ≥ k) under the null, summing the shorter tail of the symmetric distribution. */
function exactSurvival(k: number, n1: number, n2: number): number {
  const small = Math.min(n1, n2);
  const large = Math.max(n1, n2);
  const complement = n1 * n2 - k;
  const total = binomialCoefficient(small + large, small);
  const lowerTail = Math.min(k, complement);
  const counts = nullCounts(small, large, lowerTail);
  let cdf = 0;
  for (let u = 0; u <= lowerTail; u++) cdf += (counts[u] as number) / total;
  if (k < complement) return 1 - cdf + (counts[lowerTail] as number) / total;
  return cdf;
}

/**
 * Mann–Whitney U rank test, numerically identical to scipy 1.17
 * `scipy.stats.mannwhitneyu(x=reference, y=current, use_continuity, alternative, method)`.
 *
 * U₁ = R₁ − n₁(n₁+1)/2 with R₁ the sum of the mid-ranks of `reference` in the pooled
 * sample. The asymptotic p-value uses the normal approximation with the tie-corrected
 * variance n₁n₂/12 · ((n+1) − Σ(t³−t)/(n(n−1))); the exact p-value (`'auto'` picks it when
 * either sample has at most 8 values and there are no ties) uses the exact null
 * distribution of U, computed here as the coefficients of a Gaussian binomial in O(min(n₁,
 * n₂) · U) time instead of scipy's quadratic recurrence (the counts are equal while they
 * stay below 2⁵³). With `'exact'` and ties, U is truncated to an integer as scipy does.
 *
 * NaN and ±Infinity are dropped first. Deviation: when every pooled value is tied and
 * `useContinuity` is false, scipy's z is 0/0 and its p-value NaN; here the null
 * distribution is a point mass at U, so the p-value is 1.
 *
 * @param reference - scipy's `x`.
 * @param current - scipy's `y`.
 * @param options - `alternative` (default `'two-sided'`), `useContinuity` (default `true`),
 * `method` (default `'auto'`).
 * @throws EmptyInputError (argument `reference` or `current`) when a sample has no finite value.
 */
export function mannWhitneyU(
  reference: NumericArray,
  current: NumericArray,
  options: MannWhitneyUOptions = {},
): MannWhitneyUResult {
  const alternative = options.alternative ?? 'two-sided';
  const useContinuity = options.useContinuity ?? true;
  const requested = options.method ?? 'auto';
  if (alternative !== 'two-sided' && alternative !== 'less' && alternative !== 'greater') {
    throw new InvalidArgumentError({
      message: `\`alternative\` must be 'two-sided', 'less' or 'greater'; got ${String(alternative)}.`,
      argument: 'alternative',
    });
  }
  if (requested !== 'auto' && requested !== 'exact' && requested !== 'asymptotic') {
    throw new InvalidArgumentError({
      message: `\`method\` must be 'auto', 'exact' or 'asymptotic'; got ${String(requested)}.`,
      argument: 'method',
    });
  }
  const a = sortedFiniteValues(reference, 'reference', 'the Mann-Whitney U test');
  const b = sortedFiniteValues(current, 'current', 'the Mann-Whitney U test');
  const n1 = a.length;
  const n2 = b.length;
  const { referenceRankSum, tieTerm, hasTies } = rankSums(a, b);
  const u1 = referenceRankSum - (n1 * (n1 + 1)) / 2;
  const u2 = n1 * n2 - u1;
  let u: number;
  let factor = 1;
  if (alternative === 'greater') u = u1;
  else if (alternative === 'less') u = u2;
  else {
    u = Math.max(u1, u2);
    factor = 2;
  }
  const method =
    requested === 'auto' ? ((n1 > 8 && n2 > 8) || hasTies ? 'asymptotic' : 'exact') : requested;
  let pValue: number;
  if (method === 'exact') {
    pValue = exactSurvival(Math.trunc(u), n1, n2);
  } else {
    const n = n1 + n2;
    const mean = (n1 * n2) / 2;
    const scale = Math.sqrt(((n1 * n2) / 12) * (n + 1 - tieTerm / (n * (n - 1))));
    let numerator = u - mean;
    if (useContinuity) numerator -= 0.5;
    // All values tied: a point mass at the mean (see the deviation note above).
    const z = scale === 0 && numerator === 0 ? Number.NEGATIVE_INFINITY : numerator / scale;
    pValue = normalCdf(-z);
  }
  return {
    statistic: u1,
    pValue: Math.min(Math.max(pValue * factor, 0), 1),
    method,
  };
}
