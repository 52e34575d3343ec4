/**
 * Mergeable summaries of large or partitioned columns, and drift statistics computed from
 * them with a stated error bound: a KLL quantile sketch for numbers (a few kB whatever the
 * column's length, rank error bounded from its own compaction history) and exact category
 * counts for categorical columns.
 *
 * @example
 * ```ts
 * import { createKllSketch, kolmogorovSmirnovFromSketches } from '@dagnostics/monitor';
 *
 * const reference = createKllSketch({ seed: 1 }).updateMany(referenceColumn);
 * const current = createKllSketch({ seed: 2 });
 * for (const partition of partitions) current.merge(createKllSketch({ seed: partition.id }).updateMany(partition.values));
 * const { statistic, errorBound, pValue } = kolmogorovSmirnovFromSketches(reference, current);
 * ```
 */
export {
  type CategoryCounts,
  type CategoryCountsJson,
  type CategoryKeyJson,
  categoryCountsFromJson,
  createCategoryCounts,
} from './category-counts';
export {
  chiSquareFromCounts,
  jensenShannonDistanceFromCounts,
  populationStabilityIndexFromCounts,
} from './category-drift';
export {
  createKllSketch,
  type KllSketch,
  type KllSketchOptions,
  type KllSortedView,
  kllSketchFromBytes,
} from './kll-sketch';
export { KLL_FORMAT_VERSION } from './kll-state';
export {
  jensenShannonDistanceFromSketches,
  kolmogorovSmirnovFromSketches,
  normedWassersteinDistanceFromSketches,
  populationStabilityIndexFromSketches,
  type SketchBinnedPercents,
  type SketchDriftOptions,
  type SketchDriftResult,
  sketchBinnedPercents,
  wassersteinDistanceFromSketches,
} from './sketch-drift';
