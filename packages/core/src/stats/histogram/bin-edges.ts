import { InvalidArgumentError } from '../../errors';
import { assertNumericArray, isIntegerArray, type NumericArray } from '../input';
import {
  BIN_ESTIMATORS,
  type BinEstimator,
  estimateBinWidth,
  isBinEstimator,
} from './bin-width-estimators';
import { linspace } from './linspace';

/** Options of {@link histogramBinEdges}. */
export interface HistogramBinEdgesOptions {
  /**
   * Lower and upper edge [first, last] of the histogram. Default: the minimum and maximum of
   * `values` (widened to ±0.5 around a single distinct value). With an estimator name, only
   * the values inside the range are used to estimate the bin width.
   */
  range?: readonly [number, number];
}

/** Largest number of bins this will allocate edges for. */
const MAX_BINS = 100_000_000;

function formatNumber(value: number): string {
  return Number.isNaN(value)
    ? 'nan'
    : Number.isFinite(value)
      ? String(value)
      : value > 0
        ? 'inf'
        : '-inf';
}

/**
 * Minimum and maximum. Math.min/Math.max propagate NaN exactly as numpy's `min`/`max` do,
 * and compile to branch-free code, which is several times faster here than comparing.
 */
function extremes(values: NumericArray): [number, number] {
  // Two independent pairs of accumulators let consecutive iterations overlap.
  let minimumEven = Number.POSITIVE_INFINITY;
  let maximumEven = Number.NEGATIVE_INFINITY;
  let minimumOdd = Number.POSITIVE_INFINITY;
  let maximumOdd = Number.NEGATIVE_INFINITY;
  const pairs = values.length - (values.length % 2);
  for (let i = 0; i < pairs; i += 2) {
    const even = values[i] as number;
    const odd = values[i + 1] as number;
    minimumEven = Math.min(minimumEven, even);
    maximumEven = Math.max(maximumEven, even);
    minimumOdd = Math.min(minimumOdd, odd);
    maximumOdd = Math.max(maximumOdd, odd);
  }
  if (pairs < values.length) {
    const last = values[pairs] as number;
    minimumEven = Math.min(minimumEven, last);
    maximumEven = Math.max(maximumEven, last);
  }
  return [Math.min(minimumEven, minimumOdd), Math.max(maximumEven, maximumOdd)];
}

/** The histogram's outer edges and, when they were read from the data, its extremes. */
interface OuterEdges {
  first: number;
  last: number;
  extremes: [number, number] | undefined;
}

function outerEdges(
  values: NumericArray,
  range: readonly [number, number] | undefined,
): OuterEdges {
  let first: number;
  let last: number;
  let found: [number, number] | undefined;
  if (range !== undefined) {
    if (!Array.isArray(range) || range.length !== 2) {
      throw new InvalidArgumentError({
        message: '`range` must be a pair [first, last] of finite numbers.',
        argument: 'range',
      });
    }
    [first, last] = range as [number, number];
    if (first > last) {
      throw new InvalidArgumentError({
        message: `\`range\` must have first ≤ last; got [${first}, ${last}].`,
        argument: 'range',
      });
    }
    if (!(Number.isFinite(first) && Number.isFinite(last))) {
      throw new InvalidArgumentError({
        message: `Supplied range of [${formatNumber(first)}, ${formatNumber(last)}] is not finite; pass finite bounds.`,
        argument: 'range',
      });
    }
  } else if (values.length === 0) {
    [first, last] = [0, 1];
  } else {
    found = extremes(values);
    [first, last] = found;
    if (!(Number.isFinite(first) && Number.isFinite(last))) {
      throw new InvalidArgumentError({
        message: `Autodetected range of [${formatNumber(first)}, ${formatNumber(last)}] is not finite; remove NaN and infinite values or pass \`range\`.`,
        argument: 'values',
      });
    }
  }
  // numpy widens an empty range so that the single bin has width 1.
  if (first === last) return { first: first - 0.5, last: last + 0.5, extremes: found };
  return { first, last, extremes: found };
}

/** Values inside [first, last] (NaN excluded), or `values` itself when all are inside. */
function keepInRange(values: NumericArray, first: number, last: number): NumericArray {
  let inside = 0;
  for (let i = 0; i < values.length; i++) {
    const value = values[i] as number;
    if (value >= first && value <= last) inside++;
  }
  if (inside === values.length) return values;
  const kept = new Float64Array(inside);
  let next = 0;
  for (let i = 0; i < values.length; i++) {
    const value = values[i] as number;
    if (value >= first && value <= last) kept[next++] = value;
  }
  return kept;
}

function estimatedBinCount(
  values: NumericArray,
  estimator: BinEstimator,
  edges: OuterEdges,
): number {
  const { first, last } = edges;
  // With an explicit range numpy estimates the width from the values inside it only.
  const data = edges.extremes === undefined ? keepInRange(values, first, last) : values;
  if (data.length === 0) return 1;
  const [minimum, maximum] = edges.extremes ?? extremes(data);
  let width = estimateBinWidth(estimator, { values: data, minimum, maximum, range: [first, last] });
  if (width === 0 || Number.isNaN(width)) return 1;
  if (isIntegerArray(values) && width < 1) width = 1;
  return Math.ceil((last - first) / width);
}

/**
 * Bin edges for a histogram of `values`, as `numpy.histogram_bin_edges(values, bins, range)`.
 *
 * `bins` is either a number of equal-width bins or the name of an estimator that picks the
 * bin width from the data ({@link BinEstimator}: `'auto'`, `'fd'`, `'doane'`, `'scott'`,
 * `'stone'`, `'rice'`, `'sturges'`, `'sqrt'`); the bins then cover the whole range. numpy's
 * edge cases carry over: a single distinct value gets the range [v − 0.5, v + 0.5]; empty
 * `values` gets [0, 1]; an estimator that returns width 0 (e.g. FD with zero IQR) gives one
 * bin; for integer typed arrays the width is at least 1. Plain arrays count as float64.
 *
 * @param values - The data.
 * @param bins - A positive integer number of bins, or an estimator name. Default 10 (numpy's).
 * @param options - `range`: explicit [first, last] edges.
 * @returns The n + 1 edges, increasing, first and last exactly the range bounds.
 * @throws InvalidArgumentError when `bins` is not a positive integer or a known estimator,
 * when the range is not finite or not ordered, when `values` contains `NaN` or ±∞ and no
 * `range` is given ("autodetected range is not finite", as numpy; with a `range`, values
 * outside it and `NaN` are simply ignored), or when the range is too
 * narrow for that many distinct float64 edges.
 */
export function histogramBinEdges(
  values: NumericArray,
  bins: number | BinEstimator = 10,
  options?: HistogramBinEdgesOptions,
): Float64Array {
  assertNumericArray(values, 'values');
  const range = options?.range;
  let binCount: number;
  let first: number;
  let last: number;
  if (typeof bins === 'string') {
    if (!isBinEstimator(bins)) {
      throw new InvalidArgumentError({
        message: `${JSON.stringify(bins)} is not a valid estimator for \`bins\`; use a positive integer or one of ${BIN_ESTIMATORS.join(', ')}.`,
        argument: 'bins',
      });
    }
    const edges = outerEdges(values, range);
    ({ first, last } = edges);
    binCount = estimatedBinCount(values, bins, edges);
  } else {
    if (typeof bins !== 'number' || !Number.isInteger(bins) || bins < 1) {
      throw new InvalidArgumentError({
        message: `\`bins\` must be a positive integer or an estimator name; got ${String(bins)}.`,
        argument: 'bins',
      });
    }
    binCount = bins;
    ({ first, last } = outerEdges(values, range));
  }
  if (binCount > MAX_BINS) {
    throw new InvalidArgumentError({
      message: `The bin width gives ${binCount} bins, more than the ${MAX_BINS} this will allocate; pass a number of bins or a \`range\` that excludes outliers.`,
      argument: 'bins',
    });
  }
  const edges = linspace(first, last, binCount + 1);
  for (let i = 1; i < edges.length; i++) {
    if (!((edges[i - 1] as number) < (edges[i] as number))) {
      throw new InvalidArgumentError({
        message: `Too many bins for data range. Cannot create ${binCount} finite-sized bins; use fewer bins or a wider range.`,
        argument: 'bins',
      });
    }
  }
  return edges;
}
