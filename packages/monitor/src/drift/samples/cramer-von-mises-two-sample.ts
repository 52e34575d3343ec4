import { InvalidArgumentError } from '@dagnostics/core';
import { logGamma, type NumericArray } from '@dagnostics/core/stats';
import { besselKQuarter } from './bessel-k-quarter';
import { sortedFiniteValues } from './finite-sample';
import { greatestCommonDivisor } from './integer-arithmetic';

/** How {@link cramerVonMisesTwoSample} computes its p-value. */
export type CramerVonMisesMethod = 'auto' | 'exact' | 'asymptotic';

/** Options of {@link cramerVonMisesTwoSample}. */
export interface CramerVonMisesOptions {
  /**
   * Default `'auto'`: exact when both samples have at most 20 values, the limiting
   * distribution otherwise.
   */
  method?: CramerVonMisesMethod;
}

/** Result of {@link cramerVonMisesTwoSample}. */
export interface CramerVonMisesResult {
  /** T = U/(n₁n₂(n₁+n₂)) − (4n₁n₂ − 1)/(6(n₁+n₂)) (Anderson 1962, eq. 9). */
  readonly statistic: number;
  /** The p-value, in [0, 1]. */
  readonly pValue: number;
  /** The method used. */
  readonly method: 'exact' | 'asymptotic';
}

/** The largest sample size for which `'auto'` uses the exact distribution. */
const MAX_AUTO_EXACT_SIZE = 20;
/** π^(3/2), rounded once. */
const PI_POWER_THREE_HALVES = 5.568327996831708;

/**
 * U = n₁ Σᵢ (rᵢ − i)² + n₂ Σⱼ (sⱼ − j)² with rᵢ, sⱼ the pooled mid-ranks of the sorted
 * samples (Anderson 1962, eq. 10); each sum is compensated so large samples keep every bit.
 */
function rankStatistic(a: Float64Array, b: Float64Array): number {
  const n1 = a.length;
  const n2 = b.length;
  let ia = 0;
  let ib = 0;
  let sumA = 0;
  let compensationA = 0;
  let sumB = 0;
  let compensationB = 0;
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
    const tied = ia - startA + (ib - startB);
    const midRank = startA + startB + 1 + (tied - 1) / 2;
    for (let i = startA + 1; i <= ia; i++) {
      const deviation = midRank - i;
      const term = deviation * deviation;
      const next = sumA + term;
      compensationA += Math.abs(sumA) >= term ? sumA - next + term : term - next + sumA;
      sumA = next;
    }
    for (let j = startB + 1; j <= ib; j++) {
      const deviation = midRank - j;
      const term = deviation * deviation;
      const next = sumB + term;
      compensationB += Math.abs(sumB) >= term ? sumB - next + term : term - next + sumB;
      sumB = next;
    }
  }
  return n1 * (sumA + compensationA) + n2 * (sumB + compensationB);
}

/** numpy's `floor_divide` for doubles, which rounds `(a − fmod(a, b)) / b` to the nearest integer. */
function floorDivide(a: number, b: number): number {
  const remainder = a % b;
  let quotient = (a - remainder) / b;
  if (remainder !== 0 && b < 0 !== remainder < 0) quotient -= 1;
  if (quotient === 0) return 0;
  let floored = Math.floor(quotient);
  if (quotient - floored > 0.5) floored += 1;
  return floored;
}

/** Path counts at one lattice point by partial statistic: parallel arrays, values ascending. */
interface CountTable {
  values: Float64Array;
  counts: Float64Array;
}

const EMPTY_TABLE: CountTable = { values: new Float64Array(0), counts: new Float64Array(0) };

/**
 * Merges two count tables (summing the counts of equal values), adds `increment` to every
 * value and clamps values at `cap`: all the caller needs is whether a path's final statistic
 * reaches the cap, and partial statistics only grow, so the clamped entries collapse into one.
 */
function mergeShifted(
  left: CountTable,
  below: CountTable,
  increment: number,
  cap: number,
): CountTable {
  const size = left.values.length + below.values.length;
  const values = new Float64Array(size);
  const counts = new Float64Array(size);
  let i = 0;
  let j = 0;
  let length = 0;
  while (i < left.values.length || j < below.values.length) {
    let value: number;
    let count: number;
    const leftValue =
      i < left.values.length ? (left.values[i] as number) : Number.POSITIVE_INFINITY;
    const belowValue =
      j < below.values.length ? (below.values[j] as number) : Number.POSITIVE_INFINITY;
    if (leftValue < belowValue) {
      value = leftValue;
      count = left.counts[i++] as number;
    } else if (belowValue < leftValue) {
      value = belowValue;
      count = below.counts[j++] as number;
    } else {
      value = leftValue;
      count = (left.counts[i++] as number) + (below.counts[j++] as number);
    }
    const shifted = Math.min(value + increment, cap);
    if (length > 0 && values[length - 1] === shifted) {
      counts[length - 1] = (counts[length - 1] as number) + count;
    } else {
      values[length] = shifted;
      counts[length] = count;
      length++;
    }
  }
  return { values: values.subarray(0, length), counts: counts.subarray(0, length) };
}

/**
 * Exact P(U ≥ u) by the frequency-table recursion of Xiao, Gordon and Yakovlev (2006):
 * for each lattice point the counts of paths by their partial statistic, built row by row
 * from the left and lower neighbours. Counts are integers below 2⁵³ for the sizes where
 * this is feasible, so the p-value is the correctly rounded ratio, as in scipy.
 */
function exactPValue(u: number, m: number, n: number): number {
  const gcd = greatestCommonDivisor(m, n);
  const lcm = (m / gcd) * n;
  const a = lcm / m;
  const b = lcm / n;
  const mn = m * n;
  const zeta = floorDivide(lcm * lcm * (m + n) * (6 * u - mn * (4 * mn - 1)), 6 * mn * mn);
  // A cap at or below 0 would merge everything; every path then counts.
  const cap = Math.max(zeta, 0);
  let row: CountTable[] = [
    { values: Float64Array.of(0), counts: Float64Array.of(1) },
    ...Array.from({ length: m }, () => EMPTY_TABLE),
  ];
  for (let step = 0; step <= n; step++) {
    const next: CountTable[] = [];
    let left = EMPTY_TABLE;
    for (let v = 0; v <= m; v++) {
      left = mergeShifted(left, row[v] as CountTable, (a * v - b * step) ** 2, cap);
      next.push(left);
    }
    row = next;
  }
  const final = row[m] as CountTable;
  let exceeding = 0;
  let combinations = 0;
  for (let index = 0; index < final.values.length; index++) {
    const count = final.counts[index] as number;
    combinations += count;
    if ((final.values[index] as number) >= zeta) exceeding += count;
  }
  return exceeding / combinations;
}

/**
 * CDF of the limiting (n → ∞) Cramér–von Mises distribution at x (Csörgő and Faraway
 * 1996, eq. 1.2), summing terms until one falls below 1e-7, as scipy does.
 */
function limitingCdf(x: number): number {
  let total = 0;
  for (let k = 0; ; k++) {
    const scale =
      Math.exp(logGamma(k + 0.5) - logGamma(k + 1)) / (PI_POWER_THREE_HALVES * Math.sqrt(x));
    const y = 4 * k + 1;
    const q = (y * y) / (16 * x);
    const term = scale * Math.sqrt(y) * Math.exp(-q) * besselKQuarter(q);
    total += term;
    if (!(Math.abs(term) >= 1e-7)) return total;
  }
}

function asymptoticPValue(t: number, n1: number, n2: number): number {
  const n = n1 + n2;
  const k = n1 * n2;
  const expectation = (1 + 1 / n) / 6;
  const variance = ((n + 1) * (4 * k * n - 3 * (n1 * n1 + n2 * n2) - 2 * k)) / (45 * n * n * 4 * k);
  const normalized = 1 / 6 + (t - expectation) / Math.sqrt(45 * variance);
  // Below 0.003 the limiting CDF is under 1.3e-18, so the p-value is 1 to double precision.
  if (normalized < 0.003) return 1;
  return Math.max(1 - limitingCdf(normalized), 0);
}

/**
 * Two-sample Cramér–von Mises test, numerically identical to scipy 1.17
 * `scipy.stats.cramervonmises_2samp(x=reference, y=current, method)` and to Evidently's
 * vendored copy behind its `cramer_von_mises` drift test.
 *
 * Mid-ranks handle ties. `'exact'` enumerates the null distribution of U (feasible for
 * small samples; `'auto'` uses it up to 20 values each); `'asymptotic'` standardises T by
 * its exact mean and variance (Anderson 1962) and reads the limiting distribution. NaN and
 * ±Infinity are dropped first.
 *
 * @param reference - scipy's `x`; at least two finite values.
 * @param current - scipy's `y`; at least two finite values.
 * @param options - `method`, default `'auto'`.
 * @throws EmptyInputError (argument `reference` or `current`) when a sample has no finite
 * value; InvalidArgumentError when one has a single value (scipy's "at least two
 * observations").
 */
export function cramerVonMisesTwoSample(
  reference: NumericArray,
  current: NumericArray,
  options: CramerVonMisesOptions = {},
): CramerVonMisesResult {
  const requested = options.method ?? 'auto';
  if (requested !== 'auto' && requested !== 'exact' && requested !== 'asymptotic') {
    throw new InvalidArgumentError({
      message: `\`method\` must be 'auto', 'exact' or 'asymptotic'; got ${String(requested)}.`,
      argument: 'method',
    });
  }
  const test = 'the Cramér-von Mises test';
  const a = sortedFiniteValues(reference, 'reference', test);
  const b = sortedFiniteValues(current, 'current', test);
  for (const [sample, argument] of [
    [a, 'reference'],
    [b, 'current'],
  ] as const) {
    if (sample.length < 2) {
      throw new InvalidArgumentError({
        message: `The Cramér-von Mises test needs at least two finite values in \`${argument}\`; got one.`,
        argument,
      });
    }
  }
  const n1 = a.length;
  const n2 = b.length;
  const method =
    requested === 'auto'
      ? Math.max(n1, n2) > MAX_AUTO_EXACT_SIZE
        ? 'asymptotic'
        : 'exact'
      : requested;
  const u = rankStatistic(a, b);
  const k = n1 * n2;
  const n = n1 + n2;
  const statistic = u / (k * n) - (4 * k - 1) / (6 * n);
  const pValue = method === 'exact' ? exactPValue(u, n1, n2) : asymptoticPValue(statistic, n1, n2);
  return { statistic, pValue, method };
}
