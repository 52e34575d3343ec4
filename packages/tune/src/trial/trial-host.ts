import type { Storage } from '../storage/storage';
import type { Distribution, Pruner, Sampler, StudyDirection, StudyView } from '../types';

/**
 * What a running trial needs from its study. Internal: `Study` implements it and hands it
 * to each `Trial` it creates.
 */
export interface TrialHost {
  readonly storage: Storage;
  readonly studyId: number;
  readonly studyName: string;
  readonly directions: readonly StudyDirection[];
  readonly sampler: Sampler;
  readonly pruner: Pruner;
  /** Throws `InvalidSearchSpaceError` when `name` was used in the study with an incompatible distribution; records it otherwise. */
  checkParamDistribution(name: string, distribution: Distribution): void;
  /** A fresh snapshot of the study from the storage. */
  snapshot(): Promise<StudyView>;
}
