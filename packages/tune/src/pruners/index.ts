export { HyperbandPruner, type HyperbandPrunerOptions } from './hyperband';
export { NopPruner } from './nop';
export { PatientPruner, type PatientPrunerOptions } from './patient';
export {
  MedianPruner,
  PercentilePruner,
  type PercentilePrunerOptions,
} from './percentile';
export type { PrunerDecision, StudyAwarePruner } from './pruner-hooks';
export {
  completedRungKey,
  SuccessiveHalvingPruner,
  type SuccessiveHalvingPrunerOptions,
} from './successive-halving';
export { ThresholdPruner, type ThresholdPrunerOptions } from './threshold';
