export type { AddTrialInput } from './add-trial';
export { bestOf, dominates, paretoFront } from './best-trials';
export {
  type CreateStudyOptions,
  createStudy,
  type LoadStudyOptions,
  loadStudy,
} from './create-study';
export { createDefaultSampler, type DefaultSamplerOptions } from './default-sampler';
export { MultiObjectiveError, NoCompletedTrialsError } from './errors';
export type { Objective, ObjectiveResult, OptimizeCallback, OptimizeOptions } from './optimize';
export type { StudyAwareSampler } from './sampler-hooks';
export { type EnqueueTrialOptions, failReasonKey, Study } from './study';
export type { TellResult } from './tell-result';
export { type TrialsTable, trialsToTable } from './trials-table';
