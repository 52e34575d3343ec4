/** The TypeScript reference trainer: PyTorch-equivalent float32 training and inference. */
export { cloneWeights, initWeights } from './init';
export type { AdamOptions, OptimizerOptions, SgdOptions } from './optimizers';
export { type Evaluation, evaluateReference, predictReference } from './predict';
export { learningRateAt, type ScheduleOptions } from './schedules';
export {
  type BatchRecord,
  type EpochRecord,
  type TrainReferenceOptions,
  type TrainReferenceResult,
  trainReference,
} from './train';
