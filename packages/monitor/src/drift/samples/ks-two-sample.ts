import { InvalidArgumentError } from '@dagnostics/core';
import { kstwoSf, type NumericArray } from '@dagnostics/core/stats';
import { binomialCoefficient } from './binomial-coefficient';
import { sortedFiniteValues } from './finite-sample';
import { greatestCommonDivisor, roundHalfToEven } from './integer-arithmetic';
import {
  equalSizeOneSidedProbability,
  equalSizeTwoSidedProbability,
  unequalSizeOneSidedPathCount,
  unequalSizeTwoSidedProbability,
} from './ks-two-sample-exact';

/**
 * The alternative hypothesis of a two-sample test, with F the distribution of `reference`
 * and G that of `current` (scipy's meaning): `'less'` is F(x) < G(x) for some x,
 * `'greater'` is F(x) > G(x) for some x, `'two-sided'` is F ≠ G.
 */
export type Alternative = 'two-sided' | 'less' | 'greater';

/** How {@link ksTwoSample} computes its p-value. */
export type KsMethod = 'auto' | 'exact' | 'asymp';

/** Options of {@link ksTwoSample}. */
export interface KsTwoSampleOptions {
  /** Default `'two-sided'`. */
  alternative?: Alternative;
  /**
   * Default `'auto'`: exact when both samples have at most 10 000 values, asymptotic
   * otherwise. `'exact'` falls back to `'asymp'` when lcm(n₁, n₂) would exceed the int32
   * range or the path count overflows, as scipy does (it warns; here `method` in the result
   * says which was used).
   */
  method?: KsMethod;
}

/** Result of {@link ksTwoSample}. */
export interface KsTwoSampleResult {
  /**
   * D, D⁺ or D⁻: the largest gap between the two empirical CDFs. After an exact p-value,
   * D is snapped to the nearest multiple of 1/lcm(n₁, n₂), as scipy returns it.
   */
  readonly statistic: number;
  /** The p-value, in [0, 1]. */
  readonly pValue: number;
  /** The observation (from either sample) at which the gap is largest. */
  readonly statisticLocation: number;
  /** +1 when the reference ECDF exceeds the current ECDF there, −1 otherwise. */
  readonly statisticSign: 1 | -1;
  /** The method that produced the p-value: `'exact'`, or `'asymp'` (chosen or fallen back to). */
  readonly method: 'exact' | 'asymp';
}

/** `ks_2samp`'s `MAX_AUTO_N`: `auto` is exact when both sizes are at most this. */
const MAX_AUTO_SIZE = 10_000;
const INT32_MAX = 2_147_483_647;

interface Gap {
  d: number;
  location: number;
  sign: 1 | -1;
}

/**
 * The extreme ECDF differences, evaluated at every pooled observation in the order
 * concat(sorted reference, sorted current); the first extreme in that order wins, which
 * fixes `statisticLocation` among ties exactly as numpy's argmax/argmin do.
 */
function largestGap(a: Float64Array, b: Float64Array, alternative: Alternative): Gap {
  const n1 = a.length;
  const n2 = b.length;
  let maxDiff = Number.NEGATIVE_INFINITY;
  let minDiff = Number.POSITIVE_INFINITY;
  let maxLocation = 0;
  let minLocation = 0;
  for (let pass = 0; pass < 2; pass++) {
    const points = pass === 0 ? a : b;
    let countA = 0;
    let countB = 0;
    for (let k = 0; k < points.length; k++) {
      const value = points[k] as number;
      while (countA < n1 && (a[countA] as number) <= value) countA++;
      while (countB < n2 && (b[countB] as number) <= value) countB++;
      const diff = countA / n1 - countB / n2;
      if (diff > maxDiff) {
        maxDiff = diff;
        maxLocation = value;
      }
      if (diff < minDiff) {
        minDiff = diff;
        minLocation = value;
      }
    }
  }
  const minGap = Math.min(Math.max(-minDiff, 0), 1);
  if (alternative === 'less' || (alternative === 'two-sided' && minGap > maxDiff)) {
    return { d: minGap, location: minLocation, sign: -1 };
  }
  return { d: maxDiff, location: maxLocation, sign: 1 };
}

/** The exact p-value, or undefined when the computation over/underflows (scipy's fallback). */
function exactPValue(
  n1: number,
  n2: number,
  gcd: number,
  h: number,
  alternative: Alternative,
): number | undefined {
  let probability: number;
  if (alternative === 'two-sided') {
    probability =
      n1 === n2
        ? equalSizeTwoSidedProbability(n1, h)
        : unequalSizeTwoSidedProbability(n1, n2, gcd, h);
  } else if (n1 === n2) {
    probability = equalSizeOneSidedProbability(n1, h);
  } else {
    const paths = unequalSizeOneSidedPathCount(n1, n2, gcd, h);
    const total = binomialCoefficient(n1 + n2, n1);
    if (!Number.isFinite(paths) || !Number.isFinite(total) || paths > total) return undefined;
    probability = paths / total;
  }
  return probability >= 0 && probability <= 1 ? probability : undefined;
}

function asymptoticPValue(d: number, n1: number, n2: number, alternative: Alternative): number {
  const m = Math.max(n1, n2);
  const n = Math.min(n1, n2);
  const effectiveSize = (m * n) / (m + n);
  if (alternative === 'two-sided') {
    const roundedSize = roundHalfToEven(effectiveSize);
    if (roundedSize < 1) {
      throw new InvalidArgumentError({
        message:
          'The asymptotic two-sided K-S p-value needs round(n₁·n₂/(n₁+n₂)) ≥ 1, which fails for two single observations; use method "exact" or "auto".',
        argument: 'method',
      });
    }
    return kstwoSf(d, roundedSize);
  }
  // Hodges (1958), eq. 5.3, with m the larger size.
  const z = Math.sqrt(effectiveSize) * d;
  const exponent = -2 * (z * z) - (2 * z * (m + 2 * n)) / Math.sqrt(m * n * (m + n)) / 3;
  return Math.exp(exponent);
}

/**
 * Two-sample Kolmogorov–Smirnov test, numerically identical to scipy 1.17
 * `scipy.stats.ks_2samp(reference, current, alternative, method)` (its `data1`, `data2`).
 *
 * The statistic is the largest gap between the empirical CDFs (ties move both ECDFs
 * together). `method: 'auto'` computes the exact null distribution by lattice-path counting
 * when both samples have at most 10 000 values and otherwise uses the asymptotic form:
 * two-sided `kstwo.sf(D, round(n₁n₂/(n₁+n₂)))` (the exact one-sample Kolmogorov
 * distribution, not its limit), one-sided Hodges' approximation. NaN and ±Infinity are
 * dropped first (Evidently's cleaning). Cost: one sort of each sample plus O(n₁ + n₂), and
 * for the exact path up to O(n₁·n₂·D) for the two-sided and O(min(n₁, n₂)²) for the
 * one-sided count.
 *
 * Deviation: scipy returns NaN for `method: 'asymp'` with two single observations; this
 * throws InvalidArgumentError instead.
 *
 * @param reference - The first sample (scipy's `data1`).
 * @param current - The second sample (scipy's `data2`).
 * @param options - `alternative` (default `'two-sided'`), `method` (default `'auto'`).
 * @throws EmptyInputError (argument `reference` or `current`) when a sample has no finite value.
 *
 * @example
 * ```ts
 * const { statistic, pValue } = ksTwoSample([0.1, 0.4, 0.7], [0.5, 0.9, 1.2, 1.3]);
 * ```
 */
export function ksTwoSample(
  reference: NumericArray,
  current: NumericArray,
  options: KsTwoSampleOptions = {},
): KsTwoSampleResult {
  const alternative = options.alternative ?? 'two-sided';
  let method = options.method ?? 'auto';
  if (alternative !== 'two-sided' && alternative !== 'less' && alternative !== 'greater') {
    throw new InvalidArgumentError({
      message: `\`alternative\` must be 'two-sided', 'less' or 'greater'; got ${String(alternative)}.`,
      argument: 'alternative',
    });
  }
  if (method !== 'auto' && method !== 'exact' && method !== 'asymp') {
    throw new InvalidArgumentError({
      message: `\`method\` must be 'auto', 'exact' or 'asymp'; got ${String(method)}.`,
      argument: 'method',
    });
  }
  const a = sortedFiniteValues(reference, 'reference', 'the two-sample K-S test');
  const b = sortedFiniteValues(current, 'current', 'the two-sample K-S test');
  const n1 = a.length;
  const n2 = b.length;
  const gap = largestGap(a, b, alternative);
  let d = gap.d;
  const gcd = greatestCommonDivisor(n1, n2);
  if (method === 'auto') {
    method = Math.max(n1, n2) <= MAX_AUTO_SIZE ? 'exact' : 'asymp';
  } else if (method === 'exact' && n1 / gcd >= INT32_MAX / (n2 / gcd)) {
    method = 'asymp';
  }
  let pValue = Number.NaN;
  if (method === 'exact') {
    const lcm = (n1 / gcd) * n2;
    const h = roundHalfToEven(d * lcm);
    d = h / lcm;
    const exact = h === 0 ? 1 : exactPValue(n1, n2, gcd, h, alternative);
    if (exact === undefined) method = 'asymp';
    else pValue = exact;
  }
  if (method === 'asymp') pValue = asymptoticPValue(d, n1, n2, alternative);
  return {
    statistic: d,
    pValue: Math.min(Math.max(pValue, 0), 1),
    statisticLocation: gap.location,
    statisticSign: gap.sign,
    method,
  };
}
