import { histogram, histogramBinEdges } from '@dagnostics/core/stats';
import type { ColumnType, ColumnValues } from '../types';
import type { BinnedPercents } from './evidently-binning';
import { numpySum } from './numpy-sum';
import {
  assertBinnedColumnType,
  type CategoryKey,
  cleanCategoricalSample,
  cleanNumericSample,
  compareCategoryKeys,
} from './samples';

/** Options of {@link nannymlBinnedProbabilities}. */
export interface NannymlBinningOptions {
  /** `'num'` (NannyML's continuous features) or `'cat'` (categorical features). */
  columnType: ColumnType;
}

/** Appends NannyML's leftover bin when the current shares leave mass unaccounted for. */
function withLeftover(
  reference: Float64Array,
  current: Float64Array,
  edges: Float64Array | undefined,
  keys: readonly CategoryKey[] | undefined,
): BinnedPercents {
  const leftover = 1 - numpySum(current);
  if (!(leftover > 0)) return { reference, current, edges, keys };
  const extendedReference = new Float64Array(reference.length + 1);
  extendedReference.set(reference);
  const extendedCurrent = new Float64Array(current.length + 1);
  extendedCurrent.set(current);
  extendedCurrent[current.length] = leftover;
  return { reference: extendedReference, current: extendedCurrent, edges, keys };
}

/**
 * NannyML's binning for its univariate Jensen-Shannon and Hellinger methods
 * (`nannyml/drift/univariate/methods.py`, NannyML 0.13.1), fitted on the reference only:
 *
 * - numerical (`'num'`, NannyML's continuous): numpy's **Doane** edges of the reference
 *   sample alone (as float64), shares = histogram counts / sample size;
 * - categorical: one bin per distinct reference value, in `np.unique` order; current
 *   values the reference never had fall in no bin.
 *
 * When the current shares sum to less than 1 (`leftover = 1 − Σ` computed as numpy does,
 * so even a rounding residue of 1e-16 counts), a last bin is appended holding the leftover
 * in the current vector and 0 in the reference one: it collects current values outside the
 * reference range or categories. Missing values are dropped first; NannyML keeps ±∞ (and
 * then fails on them), they are dropped here as Evidently does.
 *
 * @returns Reference and current shares per bin, with `edges` (numerical) or `keys`
 * (categorical; the leftover bin, when present, is the one past the last key).
 * @throws EmptyInputError (argument `'reference'` or `'current'`) when a sample is empty.
 * @throws InvalidArgumentError for a column type other than `'num'`/`'cat'`, or a
 * non-number in a numerical column.
 */
export function nannymlBinnedProbabilities(
  reference: ColumnValues,
  current: ColumnValues,
  options: NannymlBinningOptions,
): BinnedPercents {
  assertBinnedColumnType(options.columnType);
  if (options.columnType === 'num') {
    const numericReference = cleanNumericSample(reference, 'reference');
    const numericCurrent = cleanNumericSample(current, 'current');
    const edges = histogramBinEdges(Float64Array.from(numericReference), 'doane');
    const referenceShares = histogram(numericReference, edges).map(
      (count) => count / numericReference.length,
    );
    const currentShares = histogram(numericCurrent, edges).map(
      (count) => count / numericCurrent.length,
    );
    return withLeftover(referenceShares, currentShares, edges, undefined);
  }
  const categoricalReference = cleanCategoricalSample(reference, 'reference');
  const categoricalCurrent = cleanCategoricalSample(current, 'current');
  const index = new Map<CategoryKey, number>();
  for (const key of categoricalReference) index.set(key, 0);
  const keys = [...index.keys()].sort(compareCategoryKeys);
  keys.forEach((key, position) => {
    index.set(key, position);
  });
  const referenceCounts = new Float64Array(keys.length);
  for (const key of categoricalReference) {
    const position = index.get(key) as number;
    referenceCounts[position] = (referenceCounts[position] as number) + 1;
  }
  const currentCounts = new Float64Array(keys.length);
  for (const key of categoricalCurrent) {
    const position = index.get(key);
    if (position !== undefined) currentCounts[position] = (currentCounts[position] as number) + 1;
  }
  return withLeftover(
    referenceCounts.map((count) => count / categoricalReference.length),
    currentCounts.map((count) => count / categoricalCurrent.length),
    undefined,
    keys,
  );
}
