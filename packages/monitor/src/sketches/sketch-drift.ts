import { EmptyInputError } from '@dagnostics/core';
import { histogramBinEdges, kstwoSf } from '@dagnostics/core/stats';
import { evidentlyZeroFill } from '../drift/binned/evidently-binning';
import { jensenShannonDistance } from '../drift/binned/jensen-shannon';
import { populationStabilityIndex } from '../drift/binned/population-stability-index';
import { roundHalfToEven } from '../drift/samples/integer-arithmetic';
import { type KllSketch, type KllSortedView, weightAtOrBelow } from './kll-sketch';
import { failureProbability, pointRankErrorBound, uniformRankErrorBound } from './rank-error-bound';

/**
 * A drift statistic computed from summaries rather than from the samples themselves.
 *
 * With probability at least the requested confidence, the statistic the exact computation
 * on the full samples would give lies in [statistic − errorBound, statistic + errorBound].
 * Statistics from exact counts ({@link CategoryCounts}) have `errorBound` 0.
 */
export interface SketchDriftResult {
  /** The statistic, computed on the summaries. */
  readonly statistic: number;
  /** Half-width of the interval that holds the exact statistic (see above); ≥ 0. */
  readonly errorBound: number;
  /** The test's p-value, for statistics that have one (KS, chi-square). */
  readonly pValue?: number;
}

/** Options of the drift statistics computed from KLL sketches. */
export interface SketchDriftOptions {
  /**
   * Probability that the exact statistic lies within `errorBound` of the sketch statistic.
   * Default 0.99. It is split evenly between the two sketches' rank-error bounds.
   */
  confidence?: number;
}

/** Evidently's floor on the reference standard deviation in the normed Wasserstein distance. */
const MIN_NORMALISING_STD = 0.001;

type SampleName = 'reference' | 'current';

function sortedViewOf(sketch: KllSketch, sample: SampleName): KllSortedView {
  if (sketch.count === 0) {
    throw new EmptyInputError({
      message: `The ${sample} sketch has no finite values; update it with at least one value.`,
      argument: sample,
    });
  }
  return sketch.sortedView();
}

/** Both sketches' CDFs evaluated at every retained value of either, in ascending order. */
interface PairedSteps {
  /** Distinct retained values of both sketches, ascending. */
  readonly values: Float64Array;
  /** Estimated reference CDF at each value (inclusive). */
  readonly reference: Float64Array;
  /** Estimated current CDF at each value (inclusive). */
  readonly current: Float64Array;
}

function pairSteps(reference: KllSketch, current: KllSketch): PairedSteps {
  const a = sortedViewOf(reference, 'reference');
  const b = sortedViewOf(current, 'current');
  const length = a.values.length + b.values.length;
  const values = new Float64Array(length);
  const referenceCdf = new Float64Array(length);
  const currentCdf = new Float64Array(length);
  let i = 0;
  let j = 0;
  let steps = 0;
  while (i < a.values.length || j < b.values.length) {
    const value = Math.min(
      a.values[i] ?? Number.POSITIVE_INFINITY,
      b.values[j] ?? Number.POSITIVE_INFINITY,
    );
    while (i < a.values.length && (a.values[i] as number) <= value) i++;
    while (j < b.values.length && (b.values[j] as number) <= value) j++;
    values[steps] = value;
    referenceCdf[steps] = i === 0 ? 0 : (a.cumulativeWeights[i - 1] as number) / reference.count;
    currentCdf[steps] = j === 0 ? 0 : (b.cumulativeWeights[j - 1] as number) / current.count;
    steps++;
  }
  return {
    values: values.subarray(0, steps),
    reference: referenceCdf.subarray(0, steps),
    current: currentCdf.subarray(0, steps),
  };
}

/** Sum of the two sketches' uniform rank-error bounds, each at half the failure probability. */
function uniformErrorOfPair(reference: KllSketch, current: KllSketch, confidence: number): number {
  const failure = failureProbability(confidence) / 2;
  return (
    uniformRankErrorBound(reference.rankErrorScale, failure, reference.count) +
    uniformRankErrorBound(current.rankErrorScale, failure, current.count)
  );
}

/**
 * Two-sample Kolmogorov–Smirnov statistic D = sup |F_ref − F_cur| from two KLL sketches: the
 * sketches' CDFs are step functions that only jump at retained values, so the supremum is
 * attained at one of the retained values of either sketch, and all of them are checked.
 * Ties are handled as `scipy.stats.ks_2samp` handles them (both CDFs inclusive at every
 * value). While neither sketch has compacted anything, D equals scipy's exactly.
 *
 * `errorBound` is the sum of the two sketches' {@link KllSketch.rankErrorBound}s (each at
 * half the failure probability), since |D̂ − D| ≤ sup|F̂_ref − F_ref| + sup|F̂_cur − F_cur|.
 *
 * `pValue` is the asymptotic two-sided p-value of `ks_2samp(method='asymp')`,
 * `kstwo.sf(D, round(n·m/(n + m)))` with the true counts, evaluated at the sketch's D: it is
 * approximate twice over (scipy uses the exact distribution up to 10 000 values per sample,
 * and D itself is known within `errorBound`). NaN when both samples have one value.
 *
 * @throws EmptyInputError (argument `'reference'` or `'current'`) for an empty sketch.
 * @throws InvalidArgumentError for a confidence outside (0, 1).
 */
export function kolmogorovSmirnovFromSketches(
  reference: KllSketch,
  current: KllSketch,
  options: SketchDriftOptions = {},
): SketchDriftResult {
  const steps = pairSteps(reference, current);
  let statistic = 0;
  for (let i = 0; i < steps.values.length; i++) {
    statistic = Math.max(
      statistic,
      Math.abs((steps.reference[i] as number) - (steps.current[i] as number)),
    );
  }
  const errorBound = uniformErrorOfPair(reference, current, options.confidence ?? 0.99);
  const effectiveSize = roundHalfToEven(
    (reference.count * current.count) / (reference.count + current.count),
  );
  const pValue = effectiveSize >= 1 ? kstwoSf(statistic, effectiveSize) : Number.NaN;
  return { statistic, errorBound: Math.min(1, errorBound), pValue };
}

/**
 * First Wasserstein distance ∫|F_ref(x) − F_cur(x)| dx between the two sketches'
 * distributions, computed exactly for them (`scipy.stats.wasserstein_distance` applied to
 * the retained values with their weights): no quantile grid is involved. While neither sketch
 * has compacted anything, it equals scipy's on the full samples (up to summation order).
 *
 * `errorBound` is (ε_ref + ε_cur)·(max − min) with ε the sketches' uniform rank-error bounds
 * and [min, max] the exact range of both samples: the CDF errors are 0 outside that range.
 * It grows with the range, so it is loose for heavy-tailed data.
 *
 * @throws EmptyInputError (argument `'reference'` or `'current'`) for an empty sketch.
 * @throws InvalidArgumentError for a confidence outside (0, 1).
 */
export function wassersteinDistanceFromSketches(
  reference: KllSketch,
  current: KllSketch,
  options: SketchDriftOptions = {},
): SketchDriftResult {
  const steps = pairSteps(reference, current);
  let statistic = 0;
  for (let i = 0; i + 1 < steps.values.length; i++) {
    const gap = (steps.values[i + 1] as number) - (steps.values[i] as number);
    statistic += Math.abs((steps.reference[i] as number) - (steps.current[i] as number)) * gap;
  }
  const range = Math.max(reference.max, current.max) - Math.min(reference.min, current.min);
  const errorBound = uniformErrorOfPair(reference, current, options.confidence ?? 0.99) * range;
  return { statistic, errorBound };
}

/**
 * Evidently's `wasserstein` statistic from sketches: {@link wassersteinDistanceFromSketches}
 * divided by max(std(reference), 0.001), with the reference's exact population standard
 * deviation (ddof = 0, tracked by the sketch). Evidently's default for numerical columns with
 * more than 1000 reference values (drift when ≥ 0.1). The error bound is divided likewise.
 *
 * @throws EmptyInputError (argument `'reference'` or `'current'`) for an empty sketch.
 * @throws InvalidArgumentError for a confidence outside (0, 1).
 */
export function normedWassersteinDistanceFromSketches(
  reference: KllSketch,
  current: KllSketch,
  options: SketchDriftOptions = {},
): SketchDriftResult {
  const { statistic, errorBound } = wassersteinDistanceFromSketches(reference, current, options);
  const scale = Math.max(reference.standardDeviation, MIN_NORMALISING_STD);
  return { statistic: statistic / scale, errorBound: errorBound / scale };
}

/** Shares of two sketches in shared bins, with a bound on each share's error. */
export interface SketchBinnedPercents {
  /** Bin edges (n + 1 for n bins): numpy's Sturges edges over both samples' range. */
  readonly edges: Float64Array;
  /** Estimated share of the reference sample in each bin (bins `[a, b)`, the last `[a, b]`). */
  readonly reference: Float64Array;
  /** Estimated share of the current sample in each bin. */
  readonly current: Float64Array;
  /** Bound on the error of each reference share (all bins together, at the confidence). */
  readonly referenceErrors: Float64Array;
  /** Bound on the error of each current share. */
  readonly currentErrors: Float64Array;
}

/**
 * Sturges edges as `np.histogram_bin_edges(concat(reference, current), "sturges")` computes
 * them for float64 data, from the exact count, minimum and maximum of both samples.
 */
function sturgesEdges(reference: KllSketch, current: KllSketch): Float64Array {
  const first = Math.min(reference.min, current.min);
  const last = Math.max(reference.max, current.max);
  const size = reference.count + current.count;
  const width = (last - first) / (Math.log2(size) + 1);
  const bins = width === 0 ? 1 : Math.ceil((last - first) / width);
  return histogramBinEdges(Float64Array.of(first, last), bins);
}

function sharesOf(
  sketch: KllSketch,
  view: KllSortedView,
  edges: Float64Array,
  failure: number,
): { shares: Float64Array; errors: Float64Array } {
  const bins = edges.length - 1;
  const below = new Float64Array(bins + 1);
  below[bins] = sketch.count;
  for (let i = 1; i < bins; i++) below[i] = weightAtOrBelow(view, edges[i] as number, false);
  const shares = new Float64Array(bins);
  for (let i = 0; i < bins; i++) {
    shares[i] = ((below[i + 1] as number) - (below[i] as number)) / sketch.count;
  }
  // The outer edges are exact (nothing lies below the minimum, everything is at most the
  // maximum); each inner edge is uncertain by one point bound.
  const pointBound = pointRankErrorBound(sketch.rankErrorScale, failure, bins - 1);
  const errors = new Float64Array(bins);
  for (let i = 0; i < bins; i++) {
    errors[i] = pointBound * ((i > 0 ? 1 : 0) + (i < bins - 1 ? 1 : 0));
  }
  return { shares, errors };
}

/**
 * Evidently's binning for PSI and Jensen-Shannon (`get_binned_data`, numerical column with
 * more than 20 reference values) computed from two sketches: numpy's Sturges edges over the
 * combined count and the exact [min, max] of both samples, and each sample's share of each
 * bin from the sketch's CDF. While neither sketch has compacted anything, the shares equal
 * Evidently's exactly.
 *
 * The error of each share is bounded from the sketch's rank-error scale at the inner edges
 * (fixed before the coin flips, so a union bound over them suffices; tighter than the uniform
 * bound), holding for all bins of both sketches together with probability ≥ `confidence`.
 *
 * @throws EmptyInputError (argument `'reference'` or `'current'`) for an empty sketch.
 * @throws InvalidArgumentError for a confidence outside (0, 1).
 */
export function sketchBinnedPercents(
  reference: KllSketch,
  current: KllSketch,
  options: SketchDriftOptions = {},
): SketchBinnedPercents {
  const referenceView = sortedViewOf(reference, 'reference');
  const currentView = sortedViewOf(current, 'current');
  const failure = failureProbability(options.confidence ?? 0.99) / 2;
  const edges = sturgesEdges(reference, current);
  const referenceShares = sharesOf(reference, referenceView, edges, failure);
  const currentShares = sharesOf(current, currentView, edges, failure);
  return {
    edges,
    reference: referenceShares.shares,
    current: currentShares.shares,
    referenceErrors: referenceShares.errors,
    currentErrors: currentShares.errors,
  };
}

/** An interval of possible values of one share. */
interface ShareRange {
  low: number;
  high: number;
}

/**
 * Smallest and largest value of Σᵢ term(pᵢ, qᵢ) over the boxes pᵢ ∈ ranges, qᵢ ∈ ranges, for
 * a term that is jointly convex, 0 on p = q, increasing in |p − q| (PSI's and
 * Jensen-Shannon's): the maximum of each term is at a corner of its box, the minimum 0 when
 * the two ranges overlap and otherwise at the pair of closest ends.
 */
function termSumRange(
  p: readonly ShareRange[],
  q: readonly ShareRange[],
  term: (p: number, q: number) => number,
): [number, number] {
  let low = 0;
  let high = 0;
  p.forEach((pRange, i) => {
    const qRange = q[i] as ShareRange;
    high += Math.max(
      term(pRange.low, qRange.low),
      term(pRange.low, qRange.high),
      term(pRange.high, qRange.low),
      term(pRange.high, qRange.high),
    );
    if (pRange.low > qRange.high) low += term(pRange.low, qRange.high);
    else if (qRange.low > pRange.high) low += term(pRange.high, qRange.low);
  });
  return [low, high];
}

function shareRanges(shares: Float64Array, errors: Float64Array): ShareRange[] {
  return Array.from(shares, (share, i) => ({
    low: Math.max(0, share - (errors[i] as number)),
    high: Math.min(1, share + (errors[i] as number)),
  }));
}

/** Whether every share of both vectors is exact (neither sketch has compacted anything). */
function isExact(binned: SketchBinnedPercents): boolean {
  const exact = (errors: Float64Array) => errors.every((error) => error === 0);
  return exact(binned.referenceErrors) && exact(binned.currentErrors);
}

/** x·ln(x/y) with 0·ln 0 = 0, as `scipy.special.rel_entr` for x, y ≥ 0, y > 0 when x > 0. */
function relativeEntropy(x: number, y: number): number {
  return x === 0 ? 0 : x * Math.log(x / y);
}

/**
 * Evidently's `psi` (Population Stability Index, drift when ≥ 0.1) from two sketches:
 * Σ (r − c)·ln(r/c) over {@link sketchBinnedPercents}, each vector zero-filled as Evidently
 * fills it.
 *
 * `errorBound` bounds |PSI − exact PSI| given the share error bounds, by the extremes of the
 * (convex) PSI over every share vector within them. A bin whose share may be 0 may be
 * zero-filled in the exact computation with a share as small as 10⁻⁶/n, so PSI's bound is
 * dominated by sparsely populated bins and is usually loose; the KS and Jensen-Shannon
 * bounds are tighter.
 *
 * @throws EmptyInputError (argument `'reference'` or `'current'`) for an empty sketch.
 * @throws InvalidArgumentError for a confidence outside (0, 1).
 */
export function populationStabilityIndexFromSketches(
  reference: KllSketch,
  current: KllSketch,
  options: SketchDriftOptions = {},
): SketchDriftResult {
  const binned = sketchBinnedPercents(reference, current, options);
  const statistic = populationStabilityIndex(
    evidentlyZeroFill(binned.reference),
    evidentlyZeroFill(binned.current),
  );
  if (isExact(binned)) return { statistic, errorBound: 0 };
  // Possible zero-filled shares of the exact vectors: a share that may be 0 may be filled with
  // as little as (1/n)/10⁶ and at most 10⁻⁴ (see evidentlyZeroFill).
  const filledRanges = (shares: Float64Array, errors: Float64Array, count: number) =>
    shareRanges(shares, errors).map(({ low, high }) =>
      low > 0 ? { low, high } : { low: 1e-6 / count, high: Math.max(high, 1e-4) },
    );
  const [low, high] = termSumRange(
    filledRanges(binned.reference, binned.referenceErrors, reference.count),
    filledRanges(binned.current, binned.currentErrors, current.count),
    (r, c) => relativeEntropy(r, c) + relativeEntropy(c, r),
  );
  return { statistic, errorBound: Math.max(0, high - statistic, statistic - low) };
}

/**
 * Evidently's `jensenshannon` (distance, natural logarithm, drift when ≥ 0.1) from two
 * sketches: `scipy.spatial.distance.jensenshannon` of {@link sketchBinnedPercents}, without
 * zero-fill.
 *
 * `errorBound` bounds |JS − exact JS| given the share error bounds, by the extremes of the
 * (convex) divergence over every share vector within them, then the square root.
 *
 * @throws EmptyInputError (argument `'reference'` or `'current'`) for an empty sketch.
 * @throws InvalidArgumentError for a confidence outside (0, 1).
 */
export function jensenShannonDistanceFromSketches(
  reference: KllSketch,
  current: KllSketch,
  options: SketchDriftOptions = {},
): SketchDriftResult {
  const binned = sketchBinnedPercents(reference, current, options);
  const statistic = jensenShannonDistance(binned.reference, binned.current);
  if (isExact(binned)) return { statistic, errorBound: 0 };
  const [low, high] = termSumRange(
    shareRanges(binned.reference, binned.referenceErrors),
    shareRanges(binned.current, binned.currentErrors),
    (p, q) => relativeEntropy(p, (p + q) / 2) + relativeEntropy(q, (p + q) / 2),
  );
  const lowDistance = Math.sqrt(low / 2);
  const highDistance = Math.sqrt(high / 2);
  return {
    statistic,
    errorBound: Math.max(0, highDistance - statistic, statistic - lowDistance),
  };
}
