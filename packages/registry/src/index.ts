/**
 * @dagnostics/registry: the MLflow model registry for TypeScript, with ONNX model
 * packaging, quality gates, approvals and a tamper-evident audit log, model cards, and
 * alias-based canary rollouts.
 */
export type { RegistryClient } from './client/registry-client';
export type {
  CallOptions,
  ModelVersion,
  ModelVersionStatus,
  RegisteredModel,
  SearchOptions,
} from './client/types';
export {
  GovernanceError,
  InvalidRegistryNameError,
  ModelVersionNotReadyError,
  RegistryPermissionError,
} from './errors';
