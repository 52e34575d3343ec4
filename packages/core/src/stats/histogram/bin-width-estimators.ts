import {
  pairwiseSquaredDeviationSum,
  pairwiseStandardizedCubeSum,
  pairwiseSum,
} from '../descriptive/pairwise-sum';
import type { NumericArray } from '../input';
import { computeQuantiles } from '../quantile/quantile';
import { histogram } from './histogram';
import { linspace } from './linspace';

/**
 * The automatic bin-count rules of `numpy.histogram_bin_edges`. Each gives a bin *width*
 * from the data; the number of bins is then ⌈(last − first) / width⌉ over the whole range.
 */
export type BinEstimator =
  /** min(max(FD, sqrt/2), Sturges): numpy's recommended default. */
  | 'auto'
  /** Freedman–Diaconis: 2·IQR·n^{−1/3}; robust to outliers. */
  | 'fd'
  /** Doane: Sturges corrected for skewness; for non-normal data. */
  | 'doane'
  /** Scott: (24√π/n)^{1/3}·σ; assumes near-normal data. */
  | 'scott'
  /**
   * Stone: minimises a leave-one-out estimate of the integrated squared error over
   * 1 … max(100, √n) bins; O(n·max(100, √n)). numpy warns when the optimum is the largest
   * candidate; this does not.
   */
  | 'stone'
  /** Rice: range / (2·n^{1/3}). */
  | 'rice'
  /** Sturges: range / (log₂ n + 1); R's default. */
  | 'sturges'
  /** Square root: range / √n. */
  | 'sqrt';

/** The (possibly range-filtered) data an estimator sees, with its min and max. */
export interface EstimatorInput {
  values: NumericArray;
  minimum: number;
  maximum: number;
  /** The outer edges [first, last] of the histogram (after numpy's ±0.5 widening). */
  range: readonly [number, number];
}

function peakToPeak(input: EstimatorInput): number {
  return input.maximum - input.minimum;
}

function sqrtWidth(input: EstimatorInput): number {
  return peakToPeak(input) / Math.sqrt(input.values.length);
}

function sturgesWidth(input: EstimatorInput): number {
  return peakToPeak(input) / (Math.log2(input.values.length) + 1);
}

function riceWidth(input: EstimatorInput): number {
  return peakToPeak(input) / (2 * input.values.length ** (1 / 3));
}

function populationStandardDeviation(values: NumericArray): number {
  const n = values.length;
  const center = pairwiseSum(values, 0, n) / n;
  return Math.sqrt(pairwiseSquaredDeviationSum(values, center, 0, n) / n);
}

function scottWidth(input: EstimatorInput): number {
  const n = input.values.length;
  return ((24 * Math.PI ** 0.5) / n) ** (1 / 3) * populationStandardDeviation(input.values);
}

function freedmanDiaconisWidth(input: EstimatorInput): number {
  const quartiles = computeQuantiles(input.values, [0.75, 0.25], undefined);
  const interquartileRange = (quartiles[0] as number) - (quartiles[1] as number);
  return 2 * interquartileRange * input.values.length ** (-1 / 3);
}

function autoWidth(input: EstimatorInput): number {
  const corrected = Math.max(freedmanDiaconisWidth(input), sqrtWidth(input) / 2);
  return Math.min(corrected, sturgesWidth(input));
}

function doaneWidth(input: EstimatorInput): number {
  const values = input.values;
  const n = values.length;
  if (n <= 2) return 0;
  const sg1 = Math.sqrt((6 * (n - 2)) / ((n + 1) * (n + 3)));
  const center = pairwiseSum(values, 0, n) / n;
  const sigma = Math.sqrt(pairwiseSquaredDeviationSum(values, center, 0, n) / n);
  if (!(sigma > 0)) return 0;
  // numpy: g1 = mean(((x − x̄)/σ)³), standardising before cubing.
  const g1 = pairwiseStandardizedCubeSum(values, center, sigma, 0, n) / n;
  return peakToPeak(input) / (1 + Math.log2(n) + Math.log2(1 + Math.abs(g1) / sg1));
}

function stoneWidth(input: EstimatorInput): number {
  const n = input.values.length;
  const range = peakToPeak(input);
  if (n <= 1 || range === 0) return 0;
  const upperBound = Math.max(100, Math.floor(Math.sqrt(n)));
  let best = 1;
  let bestScore = Number.POSITIVE_INFINITY;
  for (let bins = 1; bins <= upperBound; bins++) {
    const counts = histogram(input.values, linspace(input.range[0], input.range[1], bins + 1));
    let sumOfSquares = 0;
    for (let i = 0; i < counts.length; i++) {
      const p = (counts[i] as number) / n;
      sumOfSquares += p * p;
    }
    const score = (2 - (n + 1) * sumOfSquares) / (range / bins);
    // Strict comparison keeps the first minimum, like Python's min().
    if (score < bestScore) {
      bestScore = score;
      best = bins;
    }
  }
  return range / best;
}

const ESTIMATORS: Record<BinEstimator, (input: EstimatorInput) => number> = {
  auto: autoWidth,
  fd: freedmanDiaconisWidth,
  doane: doaneWidth,
  scott: scottWidth,
  stone: stoneWidth,
  rice: riceWidth,
  sturges: sturgesWidth,
  sqrt: sqrtWidth,
};

/** True when `name` is one of {@link BinEstimator}. */
export function isBinEstimator(name: unknown): name is BinEstimator {
  return typeof name === 'string' && Object.hasOwn(ESTIMATORS, name);
}

/** The names of the estimators, for messages. */
export const BIN_ESTIMATORS = Object.keys(ESTIMATORS) as BinEstimator[];

/** Bin width chosen by `estimator` for non-empty `input`. */
export function estimateBinWidth(estimator: BinEstimator, input: EstimatorInput): number {
  return ESTIMATORS[estimator](input);
}
