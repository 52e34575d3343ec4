export { createRegistryClient, type RegistryClientSettings } from './create-registry-client';
export type { RegistryClient } from './registry-client';
export type {
  CallOptions,
  ModelVersion,
  ModelVersionStatus,
  RegisteredModel,
  SearchOptions,
} from './types';
export {
  maxAliasLength,
  maxModelNameLength,
  maxModelVersionTagValueLength,
  maxRegisteredModelTagValueLength,
  maxTagKeyLength,
  validateAlias,
  validateModelName,
  validateTagKey,
  validateTagValue,
  validateVersion,
} from './validation';
