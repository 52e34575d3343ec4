export {
  type CaptureEnvironmentOptions,
  captureEnvironment,
  type EnvironmentSnapshot,
  environmentTags,
} from './capture-environment';
export type { GitInfo } from './git-info';
export type { GpuInfo } from './gpu-info';
export type { LockfileInfo } from './package-info';
