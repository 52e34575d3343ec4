/**
 * @dagnostics/train-gpu: train text classifiers and MLPs from Node.js, through libtorch
 * (CPU or CUDA) or the TypeScript reference trainer, with checkpoints and ONNX export.
 */
export { NativeUnavailableError, TrainingInputError } from './errors';
export type {
  DenseMlpSpec,
  Features,
  Labels,
  LinearWeights,
  ModelSpec,
  ModelWeights,
  TextClassifierSpec,
  TokenBags,
} from './model/types';
export {
  defaultAddonPaths,
  type FindLibtorchOptions,
  findLibtorch,
  type LibtorchCandidate,
  type LibtorchInstallation,
  type LibtorchSearch,
  type LoadNativeOptions,
  loadNative,
  type NativeAddon,
  type NativeEpoch,
  type NativeLinear,
  type NativeMlpJob,
  type NativeMlpResult,
  type NativeMlpRun,
  type NativeVersion,
  type PythonTorchInfo,
  type TrainMlpNativeOptions,
  type TrainMlpNativeResult,
  type TrainNativeOptions,
  type TrainNativeResult,
  trainMlpNative,
  trainNative,
} from './native';
export {
  type ExportOnnxOptions,
  exportOnnx,
  logitsOutput,
  modelSpecMetadataKey,
  type OnnxInputNames,
  type OnnxOpset,
  onnxOpsetIrVersions,
  onnxProducerName,
  type PaddedTokens,
  probabilitiesOutput,
  tokenBagsToPadded,
} from './onnx';
export {
  type AdamOptions,
  type BatchRecord,
  cloneWeights,
  type EpochRecord,
  type Evaluation,
  evaluateReference,
  initWeights,
  learningRateAt,
  type OptimizerOptions,
  predictReference,
  type ScheduleOptions,
  type SgdOptions,
  type TrainReferenceOptions,
  type TrainReferenceResult,
  trainReference,
} from './reference';
export {
  createTokenizer,
  fnv1a,
  fnv1aBytes,
  TOKENIZER_RULES_VERSION,
  type Tokenizer,
  type TokenizerOptions,
} from './tokenizer';
