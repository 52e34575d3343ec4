import type { DriftTest } from '../types';
import {
  andersonDarlingDriftTest,
  cramerVonMisesDriftTest,
  empiricalMmdDriftTest,
  energyDistanceDriftTest,
  eppsSingletonDriftTest,
  ksDriftTest,
  mannWhitneyDriftTest,
  studentTDriftTest,
  wassersteinDriftTest,
} from './drift-tests';

export {
  type AndersonDarlingOptions,
  type AndersonDarlingPValueLimit,
  type AndersonDarlingResult,
  type AndersonDarlingVariant,
  andersonDarlingKSample,
} from './anderson-darling-k-sample';
export {
  type CramerVonMisesMethod,
  type CramerVonMisesOptions,
  type CramerVonMisesResult,
  cramerVonMisesTwoSample,
} from './cramer-von-mises-two-sample';
export {
  andersonDarlingDriftTest,
  cramerVonMisesDriftTest,
  empiricalMmdDriftTest,
  energyDistanceDriftTest,
  eppsSingletonDriftTest,
  ksDriftTest,
  mannWhitneyDriftTest,
  studentTDriftTest,
  wassersteinDriftTest,
} from './drift-tests';
export { energyDistance } from './energy-distance';
export {
  type EppsSingletonOptions,
  type EppsSingletonResult,
  eppsSingletonTwoSample,
} from './epps-singleton-two-sample';
export {
  type Alternative,
  type KsMethod,
  type KsTwoSampleOptions,
  type KsTwoSampleResult,
  ksTwoSample,
} from './ks-two-sample';
export {
  type MannWhitneyMethod,
  type MannWhitneyUOptions,
  type MannWhitneyUResult,
  mannWhitneyU,
} from './mann-whitney-u';
export {
  type MaximumMeanDiscrepancyOptions,
  type MaximumMeanDiscrepancyResult,
  maximumMeanDiscrepancy,
  multivariateMaximumMeanDiscrepancy,
} from './maximum-mean-discrepancy';
export { type StudentTTestResult, studentTTest } from './student-t-test';
export {
  type CdfDistanceOptions,
  normedWassersteinDistance,
  wassersteinDistance,
} from './wasserstein-distance';

/**
 * The sample-based drift tests for numerical columns, under Evidently's registry names
 * (`ks`, `wasserstein`, `ed`, `anderson`, `cramer_von_mises`, `mannw`, `t_test`,
 * `empirical_mmd`, `es`), each with Evidently's default threshold and drift rule.
 */
export const sampleDriftTests: readonly DriftTest[] = [
  ksDriftTest,
  wassersteinDriftTest,
  energyDistanceDriftTest,
  andersonDarlingDriftTest,
  cramerVonMisesDriftTest,
  mannWhitneyDriftTest,
  studentTDriftTest,
  empiricalMmdDriftTest,
  eppsSingletonDriftTest,
];
