export { createLocalStore, type LocalStore, type LocalStoreOptions } from './local-store';
export type {
  LocalDatasetInput,
  LocalExperiment,
  LocalMetric,
  LocalRun,
  LocalRunStatus,
  RunSyncState,
  SearchRunsOptions,
  SearchRunsResult,
  SyncedOperation,
} from './types';
