import { InvalidArgumentError } from '@dagnostics/core';
import { histogram, histogramBinEdges, type NumericArray } from '@dagnostics/core/stats';
import type { ColumnType, ColumnValues } from '../types';
import {
  assertBinnedColumnType,
  type CategoryKey,
  cleanCategoricalSample,
  cleanNumericSample,
  countCategories,
  countDistinct,
  isIntegerTypedArray,
  numbersAsCategories,
} from './samples';

/**
 * Share of each sample in each bin: `reference[i]` and `current[i]` are the fractions of the
 * two samples that fall in bin i. Exactly one of `edges` and `keys` describes the bins.
 */
export interface BinnedPercents {
  readonly reference: Float64Array;
  readonly current: Float64Array;
  /** Bin edges (n + 1 for n bins) when numerical values were binned by range. */
  readonly edges: Float64Array | undefined;
  /** The category, or distinct value, of each bin when values were binned by value. */
  readonly keys: readonly CategoryKey[] | undefined;
}

/** Options of {@link evidentlyBinnedPercents}. */
export interface EvidentlyBinningOptions {
  /** `'num'` or `'cat'`, as Evidently's `feature_type`. */
  columnType: ColumnType;
  /**
   * Replace empty bins with a small share, per vector ({@link evidentlyZeroFill}); Evidently's
   * `feel_zeroes`. Default `true` (PSI and KL use it; Jensen-Shannon passes `false`).
   */
  fillZeros?: boolean;
}

/** Reference distinct values above which Evidently bins a numerical column by range. */
const MAX_DISTINCT_FOR_VALUE_BINS = 20;

/**
 * Evidently's zero-fill for binned shares (`get_binned_data(feel_zeroes=True)` in
 * `evidently/legacy/calculations/stattests/utils.py`): with m the smallest non-zero share,
 * every zero becomes m / 10⁶ when m ≤ 10⁻⁴, and 10⁻⁴ otherwise. The vector is not
 * renormalised afterwards, so it may sum to slightly more than 1.
 *
 * @param percents - Shares, at least one of them non-zero.
 * @returns A new vector with the zeros replaced.
 * @throws InvalidArgumentError when every share is zero (Evidently fails there too).
 */
export function evidentlyZeroFill(percents: NumericArray): Float64Array {
  let smallest = Number.POSITIVE_INFINITY;
  for (let i = 0; i < percents.length; i++) {
    const share = percents[i] as number;
    if (share !== 0 && share < smallest) smallest = share;
  }
  if (smallest === Number.POSITIVE_INFINITY) {
    throw new InvalidArgumentError({
      message:
        'Cannot fill the empty bins of a vector whose shares are all zero; bin a non-empty sample.',
      argument: 'percents',
    });
  }
  const fill = smallest <= 0.0001 ? smallest / 1e6 : 0.0001;
  return Float64Array.from(percents, (share) => (share === 0 ? fill : share));
}

/** Both samples in one array; an integer typed array when both are (numpy keeps int64 then). */
function concatenate(reference: NumericArray, current: NumericArray): NumericArray {
  const total = reference.length + current.length;
  if (isIntegerTypedArray(reference) && isIntegerTypedArray(current)) {
    let minimum = 0;
    let maximum = 0;
    for (const values of [reference, current]) {
      for (let i = 0; i < values.length; i++) {
        minimum = Math.min(minimum, values[i] as number);
        maximum = Math.max(maximum, values[i] as number);
      }
    }
    const combined =
      minimum >= -(2 ** 31) && maximum < 2 ** 31
        ? new Int32Array(total)
        : minimum >= 0
          ? new Uint32Array(total)
          : undefined;
    if (combined !== undefined) {
      combined.set(reference as ArrayLike<number>, 0);
      combined.set(current as ArrayLike<number>, reference.length);
      return combined;
    }
  }
  const combined = new Float64Array(total);
  combined.set(reference as ArrayLike<number>, 0);
  combined.set(current as ArrayLike<number>, reference.length);
  return combined;
}

function divide(counts: Float64Array, size: number): Float64Array {
  return counts.map((count) => count / size);
}

/**
 * numpy's Sturges edges of the two samples together. For float samples of some spread they
 * follow from the extremes and the combined size alone (width = ptp / (log2 n + 1), then
 * ceil(ptp / width) equal bins over [min, max]), so the 2n-value concatenation is skipped;
 * integer samples (numpy's width floor of 1) and constant ones take numpy's full path.
 */
function sturgesEdges(reference: NumericArray, current: NumericArray): Float64Array {
  if (!isIntegerTypedArray(reference) && !isIntegerTypedArray(current)) {
    let minimum = Number.POSITIVE_INFINITY;
    let maximum = Number.NEGATIVE_INFINITY;
    for (const values of [reference, current]) {
      for (let i = 0; i < values.length; i++) {
        const value = values[i] as number;
        if (value < minimum) minimum = value;
        if (value > maximum) maximum = value;
      }
    }
    const spread = maximum - minimum;
    if (spread > 0 && Number.isFinite(spread)) {
      const width = spread / (Math.log2(reference.length + current.length) + 1);
      const binCount = Math.ceil(spread / width);
      return histogramBinEdges([minimum], binCount, { range: [minimum, maximum] });
    }
  }
  return histogramBinEdges(concatenate(reference, current), 'sturges');
}

function binByRange(reference: NumericArray, current: NumericArray): BinnedPercents {
  const edges = sturgesEdges(reference, current);
  return {
    reference: divide(histogram(reference, edges), reference.length),
    current: divide(histogram(current, edges), current.length),
    edges,
    keys: undefined,
  };
}

function binByValue(reference: CategoryKey[], current: CategoryKey[]): BinnedPercents {
  const counts = countCategories(reference, current);
  return {
    reference: divide(counts.reference, reference.length),
    current: divide(counts.current, current.length),
    edges: undefined,
    keys: counts.keys,
  };
}

/**
 * Evidently's binning for PSI, KL and Jensen-Shannon (`get_binned_data` in
 * `evidently/legacy/calculations/stattests/utils.py`, Evidently 0.7.23):
 *
 * - a numerical column whose reference sample has more than 20 distinct values is cut into
 *   numpy's Sturges bins over both samples together (`np.histogram_bin_edges(concat(ref,
 *   cur), "sturges")`; integer typed arrays keep numpy's integer rule, width ≥ 1), and each
 *   share is the bin count over the sample size. The `n_bins` argument Evidently carries is
 *   ignored there too;
 * - any other column gets one bin per value of the union of both samples' values, with
 *   share `count / size` (0 in a sample that lacks the value).
 *
 * Missing values (`null`, `undefined`, `NaN`) and ±∞ are dropped first. Categorical bins are
 * in {@link compareCategoryKeys} order, where Evidently uses Python's set order; only the
 * order of the bins differs, which moves sums over them by an ulp at most.
 *
 * @throws EmptyInputError (argument `'reference'` or `'current'`) when a sample is empty.
 * @throws InvalidArgumentError for a column type other than `'num'`/`'cat'`, or a
 * non-number in a numerical column.
 */
export function evidentlyBinnedPercents(
  reference: ColumnValues,
  current: ColumnValues,
  options: EvidentlyBinningOptions,
): BinnedPercents {
  const { columnType, fillZeros = true } = options;
  assertBinnedColumnType(columnType);
  let binned: BinnedPercents;
  if (columnType === 'num') {
    const numericReference = cleanNumericSample(reference, 'reference');
    const numericCurrent = cleanNumericSample(current, 'current');
    binned =
      countDistinct(numericReference, MAX_DISTINCT_FOR_VALUE_BINS) > MAX_DISTINCT_FOR_VALUE_BINS
        ? binByRange(numericReference, numericCurrent)
        : binByValue(numbersAsCategories(numericReference), numbersAsCategories(numericCurrent));
  } else {
    binned = binByValue(
      cleanCategoricalSample(reference, 'reference'),
      cleanCategoricalSample(current, 'current'),
    );
  }
  if (!fillZeros) return binned;
  return {
    ...binned,
    reference: evidentlyZeroFill(binned.reference),
    current: evidentlyZeroFill(binned.current),
  };
}
