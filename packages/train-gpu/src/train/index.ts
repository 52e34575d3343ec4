/** The front door: `train()` on the best available backend, and the trained-model handle. */
export {
  type TrainData,
  type TrainDevice,
  type TrainEpoch,
  type TrainMetrics,
  type TrainOptions,
  type TrainResult,
  train,
} from './train';
export { createTrainedModel, evaluate, predict, type TrainedModel } from './trained-model';
