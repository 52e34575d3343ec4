/** The native (libtorch) side of train-gpu: discovery, lazy loading and the trainers. */
export type { DistributedOptions, DistributedStore } from './distributed';
export {
  type DistributedHeaders,
  type FindDistributedOptions,
  findDistributedHeaders,
} from './find-distributed';
export {
  type FindLibtorchOptions,
  findLibtorch,
  type LibtorchCandidate,
  type LibtorchInstallation,
  type LibtorchSearch,
  type PythonTorchInfo,
} from './find-libtorch';
export { defaultAddonPaths, type LoadNativeOptions, loadNative } from './load-native';
export type {
  NativeAddon,
  NativeEpoch,
  NativeLinear,
  NativeMlpJob,
  NativeMlpResult,
  NativeMlpRun,
  NativeVersion,
} from './native-addon';
export {
  type TrainMlpNativeOptions,
  type TrainMlpNativeResult,
  type TrainNativeOptions,
  type TrainNativeResult,
  trainMlpNative,
  trainNative,
} from './native-trainer';
