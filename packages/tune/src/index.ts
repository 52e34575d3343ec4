/**
 * @dagnostics/tune: Optuna-class hyperparameter search for TypeScript. Define-by-run
 * studies (`createStudy`, `study.optimize`, ask/tell), TPE and GP samplers with Optuna 5's
 * semantics, pruners, and storages that several processes share (journal file, Redis)
 * in Optuna's own journal format.
 */

export {
  categoricalDistribution,
  contains,
  distributionFromJson,
  distributionToJson,
  type FloatOptions,
  floatDistribution,
  type IntOptions,
  intDistribution,
  isSingle,
  toExternal,
  toInternal,
} from './distributions';
export {
  DuplicateStudyError,
  InvalidSearchSpaceError,
  StorageError,
  StudyNotFoundError,
  TrialFinishedError,
  TrialNotFoundError,
  TrialPrunedError,
} from './errors';
export { type PedAnovaOptions, pedAnovaImportances } from './importance/ped-anova';
export {
  HyperbandPruner,
  type HyperbandPrunerOptions,
  MedianPruner,
  NopPruner,
  PatientPruner,
  type PatientPrunerOptions,
  PercentilePruner,
  type PercentilePrunerOptions,
  SuccessiveHalvingPruner,
  type SuccessiveHalvingPrunerOptions,
  ThresholdPruner,
  type ThresholdPrunerOptions,
} from './pruners';
export { renderStudyReportHtml, type StudyReportOptions } from './report/render-study-report';
export {
  AUTO_SAMPLER_KEY,
  AutoSampler,
  type AutoSamplerChoice,
  type AutoSamplerOptions,
} from './samplers/auto-sampler';
export { GPSampler, type GPSamplerOptions } from './samplers/gp';
export { GridSampler, type GridSamplerOptions } from './samplers/grid';
export {
  BLXAlphaCrossover,
  type Crossover,
  NSGA2_GENERATION_KEY,
  NSGAIISampler,
  type NSGAIISamplerOptions,
  SBXCrossover,
  type SBXCrossoverOptions,
  UniformCrossover,
} from './samplers/nsga2';
export { RandomSampler, type RandomSamplerOptions } from './samplers/random';
export { groupDecomposedSearchSpace, intersectionSearchSpace } from './samplers/search-space';
export {
  defaultGamma,
  defaultGammaMultiobjective,
  defaultWeights,
  hyperoptDefaultGamma,
} from './samplers/tpe/gamma-weights';
export {
  RELATIVE_PARAMS_KEY,
  TPESampler,
  type TPESamplerOptions,
} from './samplers/tpe/tpe-sampler';
export { InMemoryStorage } from './storage/in-memory-storage';
export {
  createJournalFileBackend,
  createJournalRedisBackend,
  createJournalStorage,
  failReasonSystemAttrKey,
  heartbeatSystemAttrKey,
  type JournalBackend,
  type JournalFileLockKind,
  type JournalStorage,
  type JournalStorageOptions,
} from './storage/journal';
export {
  createJournalFileStorage,
  type JournalFileStorageOptions,
} from './storage/journal-file-storage';
export {
  createJournalRedisStorage,
  type JournalRedisStorageOptions,
} from './storage/journal-redis-storage';
export type { Storage, StoredStudy, TrialTemplate } from './storage/storage';
export {
  type AddTrialInput,
  type CreateStudyOptions,
  createDefaultSampler,
  createStudy,
  type EnqueueTrialOptions,
  type LoadStudyOptions,
  loadStudy,
  MultiObjectiveError,
  NoCompletedTrialsError,
  type Objective,
  type ObjectiveResult,
  type OptimizeCallback,
  type OptimizeOptions,
  Study,
  type TellResult,
  type TrialsTable,
} from './study';
export { createFrozenTrial, Trial } from './trial';
export type {
  CategoricalChoice,
  CategoricalDistribution,
  Distribution,
  FloatDistribution,
  FrozenTrial,
  IntDistribution,
  JsonValue,
  Pruner,
  Sampler,
  StudyDirection,
  StudyView,
  TrialState,
} from './types';
