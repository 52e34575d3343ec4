export {
  type ArtifactEntry,
  ArtifactLocationError,
  type ArtifactTransferSettings,
  artifactTransferSettings,
  type DownloadArtifactsOptions,
  downloadArtifacts,
  iterateArtifacts,
  type ListArtifactsOptions,
  listArtifacts,
  resolveArtifactUri,
  type UploadArtifactOptions,
  uploadArtifact,
} from './artifacts';
export {
  createMlflowBackend,
  createMlflowClient,
  type MlflowClient,
} from './backend/mlflow-backend';
export { specRetrySafety } from './backend/retry-safety';
export type { StoredMetric, TrackingBackend } from './backend/tracking-backend';
export type { components, operations, paths } from './generated';
export { type MlflowOperation, mlflowOperations, type RetryPolicy } from './generated/operations';
export { JournalError } from './journal';
export {
  createLocalStore,
  type LocalExperiment,
  type LocalMetric,
  type LocalRun,
  type LocalStore,
  type LocalStoreOptions,
  type SearchRunsOptions,
  type SearchRunsResult,
} from './local-store';
export {
  type CreateLoggedModelOptions,
  createLoggedModel,
  deleteLoggedModel,
  deleteLoggedModelTag,
  finalizeLoggedModel,
  getLoggedModel,
  type LoggedModel,
  type LoggedModelMetric,
  type LoggedModelOrderBy,
  type LoggedModelRegistration,
  type LoggedModelStatus,
  logLoggedModelParams,
  logModelOutput,
  type SearchLoggedModelsOptions,
  searchLoggedModels,
  setLoggedModelTags,
  uploadModelArtifacts,
} from './logged-models';
export {
  type FilterExpression,
  FilterSyntaxError,
  formatFilter,
  orderBy,
  parseFilter,
  where,
} from './search';
export {
  type RunSyncReport,
  type SessionSkipReason,
  type SessionSyncReport,
  SyncError,
  type SyncErrorCode,
  type SyncFailure,
  type SyncJournalsOptions,
  type SyncOfflineRunsOptions,
  type SyncOfflineRunsSettings,
  type SyncProgressEvent,
  type SyncReport,
  syncJournals,
  syncOfflineRuns,
} from './sync';
export {
  createSystemMetricsSampler,
  SystemMetricsError,
  type SystemMetricsSample,
  type SystemMetricsSampler,
  type SystemMetricsSamplerSettings,
  systemMetricNames,
} from './system-metrics';
export {
  type CreateTrackerSettings,
  createTracker,
  type StartRunOptions,
  type Tracker,
} from './tracker/create-tracker';
export { type DatasetInput, Run, type RunEndStatus } from './tracker/run';
export { type MetricOptions, ParamChangedError } from './tracker/run-buffer';
export type { TrackerSearchRunsOptions } from './tracker/run-reader';
export type { MetricPoint, RunRecord } from './tracker/run-record';
export {
  createTransport,
  MlflowApiError,
  MlflowNetworkError,
  MlflowTimeoutError,
  type MlflowTransport,
  type TrackingSettings,
  trackingSettings,
} from './transport';
