import type { FrozenTrial, JsonValue, Sampler, StudyView } from '../types';

/**
 * Optional methods a sampler may add to `Sampler` to take part in the study's
 * bookkeeping (the GridSampler does). The study calls them when present.
 */
export interface StudyAwareSampler {
  /**
   * System attributes to store on a new trial before the objective runs (GridSampler:
   * `grid_id` and `search_space`, as Optuna stores them). Called after `beforeTrial`.
   */
  trialSystemAttrs?(study: StudyView, trial: FrozenTrial): Record<string, JsonValue>;
  /**
   * System attributes to store once the relative sample of `trial` is drawn (TPESampler:
   * the `tpe:relative_params:<i>` chunks that let other workers' constant liar see this
   * running trial's point). Called right after `sampleRelative`.
   */
  takePendingSystemAttrs?(trial: FrozenTrial): Record<string, JsonValue>;
  /** Whether no new trial should start (GridSampler: every grid point is done or running). */
  isExhausted?(study: StudyView): boolean;
}

/** The sampler's study hooks, or empty ones. */
export function studyHooks(sampler: Sampler): StudyAwareSampler {
  return sampler as Sampler & StudyAwareSampler;
}
