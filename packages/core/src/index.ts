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
export { coreVersion } from './version';
