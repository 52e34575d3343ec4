import { kstwoSf } from '@dagnostics/core/stats';

/** scipy's `MAX_AUTO_N`: `method='auto'` is exact up to this sample size. */
const MAX_EXACT_SIZE = 10000;

/** Result of `ksTwoSampleEqualSizes`, written into a reusable object. */
export interface KsResult {
  statistic: number;
  pValue: number;
}

/**
 * scipy's `ks_2samp(a, b, alternative='two-sided', method='auto')` for two samples of the
 * same size n, on samples already sorted ascending (no NaN). KSWIN always compares equal
 * sizes, which is the one case where scipy's exact p-value is the closed form
 * `_compute_prob_outside_square`; the arithmetic follows scipy's, operation for operation.
 * Writes into `result` so that KSWIN's updates do not allocate.
 */
export function ksTwoSampleEqualSizes(
  sortedA: Float64Array,
  sortedB: Float64Array,
  n: number,
  result: KsResult,
): void {
  // Both empirical CDFs are evaluated after every pooled value (ties move them together),
  // as scipy's searchsorted(side='right') does; the extremes of cdfA − cdfB are kept as
  // the floats scipy compares.
  let i = 0;
  let j = 0;
  let largest = 0;
  let smallest = 0;
  while (i < n || j < n) {
    const next =
      j >= n || (i < n && (sortedA[i] as number) <= (sortedB[j] as number))
        ? (sortedA[i] as number)
        : (sortedB[j] as number);
    while (i < n && (sortedA[i] as number) === next) i++;
    while (j < n && (sortedB[j] as number) === next) j++;
    const difference = i / n - j / n;
    if (difference > largest) largest = difference;
    if (difference < smallest) smallest = difference;
  }
  const d = Math.max(largest, Math.min(-smallest, 1));

  if (n <= MAX_EXACT_SIZE) {
    const h = Math.round(d * n);
    if (h === 0) {
      result.statistic = 0;
      result.pValue = 1;
      return;
    }
    const exact = probabilityOutsideSquare(n, h);
    if (exact >= 0 && exact <= 1) {
      result.statistic = h / n;
      result.pValue = exact;
      return;
    }
    // scipy falls back to the asymptotic distribution when rounding pushes the exact
    // value outside [0, 1] (it can reach 1 + 2^-52 when h = 1).
    result.statistic = h / n;
    result.pValue = clip(kstwoSf(h / n, roundHalfEven(n / 2)));
    return;
  }
  result.statistic = d;
  result.pValue = clip(kstwoSf(d, roundHalfEven(n / 2)));
}

/**
 * P(D_{n,n} >= h/n) = 2·Σ_k (−1)^k binom(2n, n−(k+1)h) / binom(2n, n), evaluated by
 * scipy's Horner-like nesting of term ratios to avoid cancellation.
 */
function probabilityOutsideSquare(n: number, h: number): number {
  let probability = 0;
  for (let k = Math.floor(n / h); k >= 0; k--) {
    let ratio = 1;
    for (let j = 0; j < h; j++) ratio = ((n - k * h - j) * ratio) / (n + k * h + j + 1);
    probability = ratio * (1 - probability);
  }
  return 2 * probability;
}

function clip(p: number): number {
  return Math.min(Math.max(p, 0), 1);
}

/** numpy's `round`: halves go to the even neighbour. */
function roundHalfEven(x: number): number {
  const floor = Math.floor(x);
  const fraction = x - floor;
  if (fraction > 0.5) return floor + 1;
  if (fraction < 0.5) return floor;
  return floor % 2 === 0 ? floor : floor + 1;
}
