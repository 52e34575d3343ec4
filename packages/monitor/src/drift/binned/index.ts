/**
 * Binned and categorical drift tests, numerically identical to Evidently 0.7.23 and scipy
 * 1.17.1: Evidently's binning, PSI, KL divergence, Jensen-Shannon (Evidently, NannyML and
 * TFDV variants), Hellinger, total variation, chi-squared, G, two-proportion z and Fisher's
 * exact tests, and the `DriftTest` objects registered under Evidently's names.
 */
export {
  binnedDriftTests,
  chiSquareDriftTest,
  fisherExactDriftTest,
  gTestDriftTest,
  hellingerDriftTest,
  jensenShannonDriftTest,
  klDivergenceDriftTest,
  psiDriftTest,
  totalVariationDriftTest,
  twoProportionZDriftTest,
} from './drift-tests';
export {
  type BinnedPercents,
  type EvidentlyBinningOptions,
  evidentlyBinnedPercents,
  evidentlyZeroFill,
} from './evidently-binning';
export {
  type FisherExactOptions,
  type FisherExactResult,
  fisherExact2x2,
  type TwoByTwoTable,
} from './fisher-exact';
export { type HellingerOptions, hellingerDistance } from './hellinger';
export {
  type HypergeometricDistribution,
  hypergeometricCdf,
  hypergeometricDistribution,
  hypergeometricPmf,
  hypergeometricSf,
} from './hypergeometric';
export { type JensenShannonOptions, jensenShannonDistance } from './jensen-shannon';
export {
  type JensenShannonBetweenSamplesOptions,
  type JensenShannonVariant,
  jensenShannonBetweenSamples,
  tfdvJensenShannonDivergence,
} from './jensen-shannon-variants';
export { type KlDivergenceOptions, klDivergence } from './kl-divergence';
export { type NannymlBinningOptions, nannymlBinnedProbabilities } from './nannyml-binning';
export { populationStabilityIndex } from './population-stability-index';
export {
  chiSquareGoodnessOfFit,
  type GoodnessOfFitOptions,
  type GoodnessOfFitResult,
  gTest,
} from './power-divergence';
export type { CategoryKey } from './samples';
export {
  type TotalVariationPermutationOptions,
  type TotalVariationPermutationResult,
  totalVariationDistance,
  totalVariationPermutationTest,
} from './total-variation';
export {
  type TwoProportionCounts,
  type TwoProportionZTestOptions,
  twoProportionZTest,
  type ZTestResult,
} from './two-proportion-z-test';
