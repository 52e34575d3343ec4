import { EmptyInputError } from '@dagnostics/core';
import { evidentlyZeroFill } from '../drift/binned/evidently-binning';
import { jensenShannonDistance } from '../drift/binned/jensen-shannon';
import { populationStabilityIndex } from '../drift/binned/population-stability-index';
import { chiSquareGoodnessOfFit } from '../drift/binned/power-divergence';
import { type CategoryKey, compareCategoryKeys } from '../drift/binned/samples';
import type { CategoryCounts } from './category-counts';
import type { SketchDriftResult } from './sketch-drift';

/** Counts of both samples over the union of their categories. */
interface AlignedCounts {
  readonly reference: Float64Array;
  readonly current: Float64Array;
}

function align(reference: CategoryCounts, current: CategoryCounts): AlignedCounts {
  for (const [counts, sample] of [
    [reference, 'reference'],
    [current, 'current'],
  ] as const) {
    if (counts.count === 0) {
      throw new EmptyInputError({
        message: `The ${sample} counts hold no non-missing value; count at least one value.`,
        argument: sample,
      });
    }
  }
  const merged = new Map<CategoryKey, [number, number]>();
  for (const [key, count] of reference.entries()) merged.set(key, [count, 0]);
  for (const [key, count] of current.entries()) {
    const entry = merged.get(key);
    if (entry === undefined) merged.set(key, [0, count]);
    else entry[1] = count;
  }
  const keys = [...merged.keys()].sort(compareCategoryKeys);
  return {
    reference: Float64Array.from(keys, (key) => (merged.get(key) as [number, number])[0]),
    current: Float64Array.from(keys, (key) => (merged.get(key) as [number, number])[1]),
  };
}

/**
 * Evidently's `chisquare` from exact counts: over the union of categories, observed = current
 * counts, expected = reference counts · (n_cur / n_ref), then `scipy.stats.chisquare`. The
 * same numbers as the `chisquare` drift test on the full samples: a category the reference
 * never had gives χ² = +∞ and p = 0; one shared category leaves no degrees of freedom and the
 * p-value is reported as 1 (scipy's NaN, which Evidently reads as no drift).
 *
 * @returns `statistic` χ², `pValue`, and `errorBound` 0 (the counts are exact).
 * @throws EmptyInputError (argument `'reference'` or `'current'`) for empty counts.
 */
export function chiSquareFromCounts(
  reference: CategoryCounts,
  current: CategoryCounts,
): SketchDriftResult {
  const aligned = align(reference, current);
  const scale = current.count / reference.count;
  const result = chiSquareGoodnessOfFit(
    aligned.current,
    aligned.reference.map((count) => count * scale),
  );
  return {
    statistic: result.statistic,
    errorBound: 0,
    pValue: Number.isNaN(result.pValue) ? 1 : result.pValue,
  };
}

/**
 * Evidently's `psi` from exact counts: each sample's share of each category of the union
 * (count / non-missing count), zero-filled as Evidently fills it, then Σ (r − c)·ln(r/c).
 * Equal to the `psi` drift test on the full samples.
 *
 * @returns `statistic` PSI and `errorBound` 0 (the counts are exact).
 * @throws EmptyInputError (argument `'reference'` or `'current'`) for empty counts.
 */
export function populationStabilityIndexFromCounts(
  reference: CategoryCounts,
  current: CategoryCounts,
): SketchDriftResult {
  const aligned = align(reference, current);
  const statistic = populationStabilityIndex(
    evidentlyZeroFill(aligned.reference.map((count) => count / reference.count)),
    evidentlyZeroFill(aligned.current.map((count) => count / current.count)),
  );
  return { statistic, errorBound: 0 };
}

/**
 * Evidently's `jensenshannon` from exact counts: `scipy.spatial.distance.jensenshannon` of
 * each sample's share of each category of the union, natural logarithm, no zero-fill. Equal
 * to the `jensenshannon` drift test on the full samples.
 *
 * @returns `statistic` the distance (at most √ln 2) and `errorBound` 0 (the counts are exact).
 * @throws EmptyInputError (argument `'reference'` or `'current'`) for empty counts.
 */
export function jensenShannonDistanceFromCounts(
  reference: CategoryCounts,
  current: CategoryCounts,
): SketchDriftResult {
  const aligned = align(reference, current);
  const statistic = jensenShannonDistance(
    aligned.reference.map((count) => count / reference.count),
    aligned.current.map((count) => count / current.count),
  );
  return { statistic, errorBound: 0 };
}
