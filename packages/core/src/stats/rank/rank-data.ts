import { InvalidArgumentError } from '../../errors';
import { assertNumericArray, type NumericArray, toFloat64Copy } from '../input';

/** How {@link rankData} ranks tied values (scipy's names). */
export type RankMethod =
  /** The mean of the ranks the ties occupy (scipy's default). */
  | 'average'
  /** The lowest of those ranks ("competition" ranking, 1224). */
  | 'min'
  /** The highest of those ranks (1334). */
  | 'max'
  /** Consecutive ranks for distinct values, ties sharing one (1223). */
  | 'dense'
  /** Distinct ranks, ties in order of appearance (1234). */
  | 'ordinal';

const METHODS: readonly RankMethod[] = ['average', 'min', 'max', 'dense', 'ordinal'];

/** Index of the first element of `sorted` that is ≥ value (or > value when `strict`). */
function lowerBound(sorted: Float64Array, value: number, strict: boolean): number {
  let low = 0;
  let high = sorted.length;
  while (low < high) {
    const middle = (low + high) >>> 1;
    const candidate = sorted[middle] as number;
    if (strict ? candidate <= value : candidate < value) low = middle + 1;
    else high = middle;
  }
  return low;
}

/**
 * Ranks of `values` from 1 to n, as `scipy.stats.rankdata(values, method)`.
 *
 * Works from one native sort of a float64 copy plus a binary search per value
 * (O(n log n)); `values` is not modified. −0 and +0 are ties.
 *
 * @param values - The data.
 * @param method - Treatment of ties. Default `'average'`.
 * @returns A Float64Array of ranks aligned with `values`; empty for empty input (as scipy).
 * All `NaN` when any value is `NaN` (scipy's default `nan_policy='propagate'`).
 * @throws InvalidArgumentError for an unknown method.
 */
export function rankData(values: NumericArray, method: RankMethod = 'average'): Float64Array {
  assertNumericArray(values, 'values');
  if (!METHODS.includes(method)) {
    throw new InvalidArgumentError({
      message: `Unknown rank method ${JSON.stringify(method)}; use one of ${METHODS.join(', ')}.`,
      argument: 'method',
    });
  }
  const n = values.length;
  const ranks = new Float64Array(n);
  for (let i = 0; i < n; i++) {
    if (Number.isNaN(values[i] as number)) return ranks.fill(Number.NaN);
  }
  const sorted = toFloat64Copy(values).sort();

  // distinctBefore[i] for the first index i of each group of ties: the number of distinct
  // values before it (for 'dense'); taken[i]: ties at group i already given a rank ('ordinal').
  const distinctBefore = method === 'dense' ? new Float64Array(n) : undefined;
  if (distinctBefore !== undefined) {
    let distinct = 0;
    for (let i = 0; i < n; i++) {
      if (i === 0 || (sorted[i] as number) !== (sorted[i - 1] as number)) distinct++;
      distinctBefore[i] = distinct;
    }
  }
  const taken = method === 'ordinal' ? new Float64Array(n) : undefined;

  for (let i = 0; i < n; i++) {
    const value = values[i] as number;
    const first = lowerBound(sorted, value, false);
    switch (method) {
      case 'average': {
        const end = lowerBound(sorted, value, true);
        ranks[i] = (first + 1 + end) / 2;
        break;
      }
      case 'min':
        ranks[i] = first + 1;
        break;
      case 'max':
        ranks[i] = lowerBound(sorted, value, true);
        break;
      case 'dense':
        ranks[i] = (distinctBefore as Float64Array)[first] as number;
        break;
      case 'ordinal': {
        const counter = taken as Float64Array;
        ranks[i] = first + 1 + (counter[first] as number);
        counter[first] = (counter[first] as number) + 1;
        break;
      }
    }
  }
  return ranks;
}
