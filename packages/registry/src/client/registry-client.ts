import type {
  CallOptions,
  ModelVersion,
  ModelVersionStatus,
  RegisteredModel,
  SearchOptions,
} from './types';

/**
 * The MLflow model registry, over `@dagnostics/tracking`'s transport (retries, auth,
 * timeouts and typed errors are the tracking package's). Every name and alias is checked
 * against MLflow's rules before any request (`InvalidRegistryNameError`). Failed calls
 * reject with tracking's `MlflowApiError` (HTTP status and MLflow `errorCode`), or with
 * `RegistryPermissionError` when the server refuses the user (403 PERMISSION_DENIED).
 *
 * Made by `createRegistryClient(settings)` (src/client/create-registry-client.ts).
 */
export interface RegistryClient {
  /** Creates a registered model; rejects with `MlflowApiError` RESOURCE_ALREADY_EXISTS when the name is taken. */
  createRegisteredModel(
    name: string,
    options?: CallOptions & { description?: string; tags?: Readonly<Record<string, string>> },
  ): Promise<RegisteredModel>;
  /** Creates the model unless it exists; returns it either way. */
  ensureRegisteredModel(
    name: string,
    options?: CallOptions & { description?: string; tags?: Readonly<Record<string, string>> },
  ): Promise<RegisteredModel>;
  getRegisteredModel(name: string, options?: CallOptions): Promise<RegisteredModel>;
  renameRegisteredModel(
    name: string,
    newName: string,
    options?: CallOptions,
  ): Promise<RegisteredModel>;
  updateRegisteredModel(
    name: string,
    description: string,
    options?: CallOptions,
  ): Promise<RegisteredModel>;
  deleteRegisteredModel(name: string, options?: CallOptions): Promise<void>;
  setRegisteredModelTag(
    name: string,
    key: string,
    value: string,
    options?: CallOptions,
  ): Promise<void>;
  deleteRegisteredModelTag(name: string, key: string, options?: CallOptions): Promise<void>;
  /** Every registered model that matches, page after page. */
  searchRegisteredModels(options?: SearchOptions): AsyncGenerator<RegisteredModel, void, undefined>;

  /**
   * Registers a new version. `source` is `models:/<modelId>` (with `modelId`) for an MLflow 3
   * logged model, or a run artifact URI (with `runId`).
   */
  createModelVersion(
    name: string,
    source: string,
    options?: CallOptions & {
      runId?: string;
      modelId?: string;
      description?: string;
      tags?: Readonly<Record<string, string>>;
      runLink?: string;
    },
  ): Promise<ModelVersion>;
  getModelVersion(name: string, version: string, options?: CallOptions): Promise<ModelVersion>;
  updateModelVersion(
    name: string,
    version: string,
    description: string,
    options?: CallOptions,
  ): Promise<ModelVersion>;
  deleteModelVersion(name: string, version: string, options?: CallOptions): Promise<void>;
  setModelVersionTag(
    name: string,
    version: string,
    key: string,
    value: string,
    options?: CallOptions,
  ): Promise<void>;
  deleteModelVersionTag(
    name: string,
    version: string,
    key: string,
    options?: CallOptions,
  ): Promise<void>;
  /** Deprecated stages; aliases replace them. */
  transitionModelVersionStage(
    name: string,
    version: string,
    stage: 'None' | 'Staging' | 'Production' | 'Archived',
    options?: CallOptions & { archiveExistingVersions?: boolean },
  ): Promise<ModelVersion>;
  getLatestVersions(
    name: string,
    options?: CallOptions & { stages?: readonly string[] },
  ): Promise<ModelVersion[]>;
  /** Where a version's files are. */
  getModelVersionDownloadUri(name: string, version: string, options?: CallOptions): Promise<string>;
  /** Every model version that matches, page after page. */
  searchModelVersions(options?: SearchOptions): AsyncGenerator<ModelVersion, void, undefined>;
  /**
   * Polls until the version leaves PENDING_REGISTRATION; resolves READY, rejects with
   * `ModelVersionNotReadyError` on FAILED_REGISTRATION or after `timeoutMs` (default 300 000,
   * MLflow's `await_registration_for`).
   */
  waitForModelVersion(
    name: string,
    version: string,
    options?: CallOptions & { timeoutMs?: number; pollIntervalMs?: number },
  ): Promise<ModelVersion & { status: Extract<ModelVersionStatus, 'READY'> }>;

  /** Points `alias` at `version` (moving it if it pointed elsewhere). */
  setAlias(name: string, alias: string, version: string, options?: CallOptions): Promise<void>;
  deleteAlias(name: string, alias: string, options?: CallOptions): Promise<void>;
  /** The version `alias` points at, or undefined when the alias is not set. */
  getVersionByAlias(
    name: string,
    alias: string,
    options?: CallOptions,
  ): Promise<ModelVersion | undefined>;

  /** Releases connections (the transport's). */
  close(): Promise<void>;
}
