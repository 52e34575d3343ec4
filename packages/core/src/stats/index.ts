/**
 * Numeric kernels of DAGnostics, matching scipy and numpy: special functions and
 * distribution functions (accurate in far tails), descriptive statistics, quantiles by
 * selection, histogram bin edges and counts, and ranks.
 *
 * @example
 * ```ts
 * import { histogramBinEdges, kstwoSf, quantiles } from '@dagnostics/core/stats';
 *
 * const [p05, median, p95] = quantiles(values, [0.05, 0.5, 0.95]);
 * const edges = histogramBinEdges(values, 'auto');
 * const pValue = kstwoSf(0.042, 1000);
 * ```
 */
export {
  mean,
  pairwiseSum,
  skewness,
  standardDeviation,
  type VarianceOptions,
  variance,
} from './descriptive';
export {
  betaCdf,
  betaSf,
  chiSquaredCdf,
  chiSquaredSf,
  fDistributionCdf,
  fDistributionSf,
  kolmogorovCdf,
  kolmogorovSf,
  kstwoCdf,
  kstwoSf,
  studentTCdf,
  studentTSf,
} from './distributions';
export {
  type BinEstimator,
  type HistogramBinEdgesOptions,
  histogram,
  histogramBinEdges,
} from './histogram';
export type { NumericArray } from './input';
export { type QuantileMethod, type QuantileOptions, quantile, quantiles } from './quantile';
export { type RankMethod, rankData } from './rank';
export {
  logGamma,
  normalCdf,
  normalPpf,
  normalSf,
  regularizedBeta,
  regularizedBetaComplement,
  regularizedGammaP,
  regularizedGammaQ,
} from './special';
