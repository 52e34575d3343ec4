import type { FrozenTrial, JsonValue, Pruner, StudyView } from '../types';

/** A pruning decision with the trial system attributes the pruner keeps as bookkeeping. */
export interface PrunerDecision {
  readonly prune: boolean;
  /** Stored on the trial by the study (SuccessiveHalving: `completed_rung_<k>`). */
  readonly systemAttrs: Readonly<Record<string, JsonValue>>;
}

/**
 * Optional methods a pruner may add to `Pruner`; `trial.shouldPrune()` and the study use
 * them when present.
 */
export interface StudyAwarePruner {
  /** Like `prune`, also returning the system attributes to store on the trial. */
  decide?(study: StudyView, trial: FrozenTrial): PrunerDecision;
  /**
   * The study as the sampler should see it for `trial` (Hyperband: only the trials of
   * the same bracket, as Optuna's `_filter_study` does).
   */
  filterStudy?(study: StudyView, trial: FrozenTrial): StudyView;
}

/** The pruner's optional hooks. */
export function prunerHooks(pruner: Pruner): StudyAwarePruner {
  return pruner as Pruner & StudyAwarePruner;
}

/** The study as the sampler sees it for `trial` (see {@link StudyAwarePruner.filterStudy}). */
export function samplerStudy(pruner: Pruner, study: StudyView, trial: FrozenTrial): StudyView {
  const filter = prunerHooks(pruner).filterStudy;
  return filter === undefined ? study : filter.call(pruner, study, trial);
}
