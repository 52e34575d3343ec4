import { InvalidArgumentError } from '../../errors';
import { assertNotEmpty, assertNumericArray, type NumericArray, toFloat64Copy } from '../input';
import {
  assertQuantileMethod,
  interpolate,
  planQuantile,
  type QuantileMethod,
  type QuantilePlan,
} from './methods';
import { selectRanks } from './select';

/** Options of {@link quantile} and {@link quantiles}. */
export interface QuantileOptions {
  /** Estimation method, numpy's names. Default `'linear'` (numpy's default, H&F 7). */
  method?: QuantileMethod;
}

function assertProbability(q: unknown, argument: string): asserts q is number {
  if (typeof q !== 'number' || !(q >= 0 && q <= 1)) {
    throw new InvalidArgumentError({
      message: `Quantiles must be in the range [0, 1]; got ${String(q)} in \`${argument}\`. For percentiles divide by 100.`,
      argument,
    });
  }
}

function hasNaN(values: Float64Array): boolean {
  // Counting without a branch is several times faster than testing each value.
  let count = 0;
  for (let i = 0; i < values.length; i++) count += +Number.isNaN(values[i] as number);
  return count > 0;
}

/**
 * Shared implementation for validated, non-empty input: one copy of the data, the distinct
 * ranks of every q selected in a single narrowing pass, then numpy's interpolation.
 */
export function computeQuantiles(
  values: NumericArray,
  probabilities: readonly number[],
  options: QuantileOptions | undefined,
): Float64Array {
  const method = options?.method ?? 'linear';
  assertQuantileMethod(method);
  const n = values.length;
  const plans: QuantilePlan[] = probabilities.map((q) => planQuantile(method, n, q));
  const wanted = new Set<number>();
  for (const plan of plans) {
    wanted.add(plan.previous);
    wanted.add(plan.next);
  }
  const ranks = Float64Array.from(wanted).sort();
  const ordered = orderStatistics(values, ranks);
  const valueAt = new Map<number, number>();
  ranks.forEach((rank, index) => {
    valueAt.set(rank, ordered[index] as number);
  });

  return Float64Array.from(plans, (plan) => {
    const previous = valueAt.get(plan.previous) as number;
    if (plan.gamma === undefined) return previous;
    return interpolate(previous, valueAt.get(plan.next) as number, plan.gamma);
  });
}

/**
 * The values at `ranks` (sorted, distinct, 0-based) of the data in ascending order, all NaN
 * when the data contains NaN: one float64 copy, selected in place.
 */
function orderStatistics(values: NumericArray, ranks: Float64Array): Float64Array {
  const data = toFloat64Copy(values);
  if (hasNaN(data)) return new Float64Array(ranks.length).fill(Number.NaN);
  selectRanks(data, 0, data.length - 1, ranks, 0, ranks.length - 1);
  return Float64Array.from(ranks, (rank) => data[rank] as number);
}

/**
 * The q-th quantile of `values`, as `numpy.quantile(values, q, method=method)`.
 *
 * The data is copied once into a Float64Array and only the needed order statistics are
 * found, by selection (Floyd–Rivest), not by sorting: O(n) expected time. `values` is not
 * modified.
 *
 * @param values - The data; plain arrays and any non-BigInt typed array are accepted.
 * @param q - Probability in [0, 1] (a percentile divided by 100).
 * @param options - `method`, default `'linear'`.
 * @returns The quantile, in the units of `values`; `NaN` if any value is `NaN` (numpy's
 * semantics; filter them out first for `nanquantile` behaviour). Infinities follow numpy's
 * interpolation, which can give `NaN` next to an infinite value.
 * @throws EmptyInputError for empty `values`; InvalidArgumentError for q outside [0, 1]
 * (or `NaN`) or an unknown method.
 */
export function quantile(values: NumericArray, q: number, options?: QuantileOptions): number {
  assertNumericArray(values, 'values');
  assertProbability(q, 'q');
  assertNotEmpty(values, 'values', 'quantile');
  return computeQuantiles(values, [q], options)[0] as number;
}

/**
 * Several quantiles of `values` at once, as `numpy.quantile(values, qs, method=method)`,
 * sharing one copy of the data and one narrowing selection pass, which is much cheaper than
 * calling {@link quantile} for each q.
 *
 * @param values - The data.
 * @param qs - Probabilities in [0, 1], in any order (duplicates allowed).
 * @param options - `method`, default `'linear'`.
 * @returns The quantiles in the order of `qs`; all `NaN` if any value is `NaN`.
 * @throws EmptyInputError for empty `values`; InvalidArgumentError for a q outside [0, 1]
 * or an unknown method.
 */
export function quantiles(
  values: NumericArray,
  qs: readonly number[],
  options?: QuantileOptions,
): Float64Array {
  assertNumericArray(values, 'values');
  if (!Array.isArray(qs)) {
    throw new InvalidArgumentError({
      message: '`qs` must be an array of probabilities in [0, 1].',
      argument: 'qs',
    });
  }
  qs.forEach((q, index) => {
    assertProbability(q, `qs[${index}]`);
  });
  assertNotEmpty(values, 'values', 'quantiles');
  return computeQuantiles(values, qs, options);
}
