export {
  defineSettings,
  type EnvBinding,
  type EnvironmentSource,
  envParsers,
  type SettingsDefinition,
} from './config';
export {
  type CaptureEnvironmentOptions,
  captureEnvironment,
  type EnvironmentSnapshot,
  environmentTags,
  type GitInfo,
  type GpuInfo,
  type LockfileInfo,
} from './environment';
export {
  ConfigError,
  DagnosticsError,
  type DagnosticsErrorOptions,
  DataFormatError,
  EmptyInputError,
  InvalidArgumentError,
} from './errors';
export {
  type CreateRngOptions,
  createRng,
  type Rng,
  type RngForkLabel,
  type RngSeed,
  type RngState,
  restoreRng,
  type ShuffleableArray,
} from './random';
export { coreVersion } from './version';
