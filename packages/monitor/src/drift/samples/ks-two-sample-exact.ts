import { binomialCoefficient } from './binomial-coefficient';

/**
 * Exact null probabilities of the two-sample Kolmogorov–Smirnov statistic by counting
 * lattice paths (Hodges 1958, after Drion, Gnedenko and Korolyuk). A path from (0, 0) to
 * (m, n) steps right for a value of the first sample and up for one of the second; the
 * statistic is at least h/lcm(m, n) when the path touches a diagonal at that distance.
 * These follow the float arithmetic of scipy's `_attempt_exact_2kssamp` step by step, so
 * the probabilities agree with scipy to the last few bits.
 */

/**
 * P(D ≥ h/n) for two samples of equal size n, two-sided: the reflection-principle series
 * 2 Σ (−1)^(k+1) C(2n, n − kh) / C(2n, n), evaluated in nested (Horner) form so that the
 * alternating terms never cancel.
 */
export function equalSizeTwoSidedProbability(n: number, h: number): number {
  let total = 0;
  for (let k = Math.floor(n / h); k >= 0; k--) {
    let ratio = 1;
    for (let j = 0; j < h; j++) ratio = ((n - k * h - j) * ratio) / (n + k * h + j + 1);
    total = ratio * (1 - total);
  }
  return 2 * total;
}

/** P(D⁺ ≥ h/n) for two samples of equal size n: C(2n, n − h) / C(2n, n) as a product. */
export function equalSizeOneSidedProbability(n: number, h: number): number {
  let product = 1;
  for (let j = 0; j < h; j++) product *= (n - j) / (n + j + 1);
  return product;
}

/**
 * P(D ≥ h/lcm) for sizes m ≠ n, two-sided: the share of paths that leave the band
 * |x/m − y/n| < h/lcm, computed column by column over a sliding window with the
 * complement-probability recursion of Viehmann (2021), which needs no large binomials.
 */
export function unequalSizeTwoSidedProbability(
  sizeA: number,
  sizeB: number,
  gcd: number,
  h: number,
): number {
  const m = Math.max(sizeA, sizeB);
  const n = Math.min(sizeA, sizeB);
  const mg = m / gcd;
  const ng = n / gcd;
  let minj = 0;
  let maxj = Math.min(Math.ceil(h / mg), n + 1);
  let currentLength = maxj - minj;
  const window = new Float64Array(Math.min(2 * maxj + 2, n + 1)).fill(1);
  window.fill(0, minj, maxj);
  for (let i = 1; i <= m; i++) {
    const lastMinj = minj;
    const lastLength = currentLength;
    minj = Math.min(Math.max(Math.floor((ng * i - h) / mg) + 1, 0), n);
    maxj = Math.min(Math.ceil((ng * i + h) / mg), n + 1);
    if (maxj <= minj) return 1;
    let value = minj === 0 ? 0 : 1;
    for (let offset = 0; offset < maxj - minj; offset++) {
      const j = offset + minj;
      value = ((window[offset + minj - lastMinj] as number) * i + value * j) / (i + j);
      window[offset] = value;
    }
    currentLength = maxj - minj;
    if (lastLength > currentLength) {
      window.fill(1, maxj - minj, maxj - minj + (lastLength - currentLength));
    }
  }
  return window[maxj - minj - 1] as number;
}

/**
 * The number of paths from (0, 0) to (m, n) that reach the line m·y ≤ n·x − h·g (one-sided
 * exceedance), as a float: first-passage counts B_j by inclusion–exclusion, each extended to
 * (m, n). May overflow to ±Infinity or NaN for large samples; the caller checks.
 */
export function unequalSizeOneSidedPathCount(
  sizeA: number,
  sizeB: number,
  gcd: number,
  h: number,
): number {
  const m = Math.max(sizeA, sizeB);
  const n = Math.min(sizeA, sizeB);
  const mg = m / gcd;
  const ng = n / gcd;
  const count = n + Math.floor((mg - h) / mg);
  if (count <= 0) return binomialCoefficient(m + n, n);
  const x = new Float64Array(count);
  for (let j = 0; j < count; j++) x[j] = Math.floor((h + mg * j + ng - 1) / ng);
  const firstPassages = new Float64Array(count);
  firstPassages[0] = 1;
  for (let j = 1; j < count; j++) {
    const xj = x[j] as number;
    let paths = binomialCoefficient(xj + j, j);
    for (let i = 0; i < j; i++) {
      paths -=
        binomialCoefficient(xj - (x[i] as number) + j - i, j - i) * (firstPassages[i] as number);
    }
    firstPassages[j] = paths;
  }
  let total = 0;
  for (let j = 0; j < count; j++) {
    total +=
      (firstPassages[j] as number) * binomialCoefficient(m - (x[j] as number) + (n - j), n - j);
  }
  return total;
}
