export { SyncError, type SyncErrorCode } from './sync-error';
export { type SyncJournalsOptions, syncJournals } from './sync-journals';
export {
  type SyncOfflineRunsOptions,
  type SyncOfflineRunsSettings,
  syncOfflineRuns,
} from './sync-offline-runs';
export type {
  RunSyncReport,
  SessionSkipReason,
  SessionSyncReport,
  SyncFailure,
  SyncProgressEvent,
  SyncReport,
} from './sync-report';
