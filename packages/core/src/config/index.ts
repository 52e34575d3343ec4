export {
  defineSettings,
  type EnvBinding,
  type EnvironmentSource,
  type SettingsDefinition,
} from './define-settings';
export { envParsers } from './env-parsers';
