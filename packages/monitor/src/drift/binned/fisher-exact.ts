import { InvalidArgumentError } from '@dagnostics/core';
import { hypergeometricDistribution } from './hypergeometric';
import type { Alternative } from './two-proportion-z-test';

/** A 2×2 contingency table of counts, rows first: `[[a, b], [c, d]]`. */
export type TwoByTwoTable = readonly [readonly [number, number], readonly [number, number]];

/** Options of {@link fisherExact2x2}. */
export interface FisherExactOptions {
  /**
   * `'two-sided'` (default), `'less'` (odds ratio below 1) or `'greater'`, as scipy's
   * `alternative`.
   */
  alternative?: Alternative;
}

/** Result of {@link fisherExact2x2}. */
export interface FisherExactResult {
  /**
   * The sample odds ratio a·d / (b·c): +∞ when b or c is 0, NaN when a row or a column of
   * the table is all zeros (scipy's values).
   */
  readonly statistic: number;
  readonly pValue: number;
}

/** scipy's relative tolerance when comparing probabilities of tables. */
const RELATIVE_TOLERANCE = 1e-14;

function assertTable(table: unknown): asserts table is TwoByTwoTable {
  const isRow = (row: unknown): boolean => Array.isArray(row) && row.length === 2;
  if (!(Array.isArray(table) && table.length === 2 && table.every(isRow))) {
    throw new InvalidArgumentError({
      message: 'The table must be 2×2, given as [[a, b], [c, d]].',
      argument: 'table',
    });
  }
  for (const row of table as number[][]) {
    for (const cell of row) {
      if (!(Number.isSafeInteger(cell) && cell >= 0)) {
        throw new InvalidArgumentError({
          message: `Every cell of the table must be a non-negative integer count; got ${String(cell)}.`,
          argument: 'table',
        });
      }
    }
  }
}

/**
 * scipy's `_binary_search_for_binom_tst`: the i in [low, high] with f(i) ≤ target < f(i+1)
 * for a non-decreasing f, with scipy's exact steps (they decide ties).
 */
function binarySearch(f: (x: number) => number, target: number, low: number, high: number): number {
  let lo = low;
  let hi = high;
  while (lo < hi) {
    const middle = lo + Math.floor((hi - lo) / 2);
    const value = f(middle);
    if (value < target) lo = middle + 1;
    else if (value > target) hi = middle - 1;
    else return middle;
  }
  return f(lo) <= target ? lo : lo - 1;
}

/**
 * Fisher's exact test on a 2×2 table, as `scipy.stats.fisher_exact(table, alternative)`
 * (scipy 1.17.1), on the hypergeometric distribution of the top-left cell given the
 * margins ({@link hypergeometricDistribution}):
 *
 * - `'less'`: P(X ≤ a); `'greater'`: P(X ≥ a);
 * - `'two-sided'`: scipy's algorithm step for step: 1 when P(a) is within a relative 1e-14
 *   of the mode's probability; otherwise the tail on a's side plus the tail beyond the
 *   point, found by scipy's binary search, where the probability drops below
 *   P(a)·(1 + 1e-14) (so that tables equally likely up to rounding count as "as extreme").
 *
 * A table with an all-zero row or column has p-value 1 and a NaN odds ratio, as in scipy.
 *
 * @param table - `[[a, b], [c, d]]`, non-negative integer counts.
 * @returns The odds ratio and the p-value (at most 1).
 * @throws InvalidArgumentError for a table that is not 2×2 non-negative integers, or an
 * unknown alternative.
 */
export function fisherExact2x2(
  table: TwoByTwoTable,
  options: FisherExactOptions = {},
): FisherExactResult {
  assertTable(table);
  const { alternative = 'two-sided' } = options;
  if (alternative !== 'two-sided' && alternative !== 'less' && alternative !== 'greater') {
    throw new InvalidArgumentError({
      message: `\`alternative\` must be 'two-sided', 'less' or 'greater'; got ${JSON.stringify(alternative)}.`,
      argument: 'alternative',
    });
  }
  const [[a, b], [c, d]] = table;
  if (a + b === 0 || c + d === 0 || a + c === 0 || b + d === 0) {
    return { statistic: Number.NaN, pValue: 1 };
  }
  const statistic = c > 0 && b > 0 ? (a * d) / (c * b) : Number.POSITIVE_INFINITY;
  const firstRow = a + b;
  const total = firstRow + c + d;
  const firstColumn = a + c;
  const distribution = hypergeometricDistribution(total, firstRow, firstColumn);
  const { pmf } = distribution;
  if (alternative === 'less') return { statistic, pValue: Math.min(distribution.cdf(a), 1) };
  if (alternative === 'greater') {
    return { statistic, pValue: Math.min(distribution.sf(a - 1), 1) };
  }

  const mode = Math.trunc(((firstColumn + 1) * (firstRow + 1)) / (total + 2));
  const exact = pmf(a);
  const atMode = pmf(mode);
  if (Math.abs(exact - atMode) / Math.max(exact, atMode) <= RELATIVE_TOLERANCE) {
    return { statistic, pValue: 1 };
  }
  const bound = exact * (1 + RELATIVE_TOLERANCE);
  let pValue: number;
  if (a < mode) {
    const lowerTail = distribution.cdf(a);
    if (pmf(firstColumn) > bound) return { statistic, pValue: lowerTail };
    const guess = binarySearch((x) => -pmf(x), -bound, mode, firstColumn);
    pValue = lowerTail + distribution.sf(guess);
  } else {
    const upperTail = distribution.sf(a - 1);
    if (pmf(0) > bound) return { statistic, pValue: upperTail };
    const guess = binarySearch(pmf, bound, 0, mode);
    pValue = upperTail + distribution.cdf(guess);
  }
  return { statistic, pValue: Math.min(pValue, 1) };
}
