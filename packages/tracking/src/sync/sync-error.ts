import { DagnosticsError } from '@dagnostics/core';

/** Why a run could not be synced; see {@link SyncError}. */
export type SyncErrorCode = 'SYNC_PARENT_NOT_SYNCED' | 'SYNC_RUN_START_MISSING';

/**
 * A run of a journal could not be sent for a reason of the journal itself, not of the server:
 * `SYNC_PARENT_NOT_SYNCED` (its parent is a local run that is not on the server yet, e.g. it is
 * in a session another process still owns) or `SYNC_RUN_START_MISSING` (the journal holds
 * operations of a run but not its `run-start`). The run's records stay in the journal; the
 * message says what to do.
 */
export class SyncError extends DagnosticsError {
  static override readonly errorName: string = 'DagnosticsSyncError';

  /** The session whose journal holds the run. */
  readonly sessionId: string;
  /** The client's id of the run (`dagnostics.localRunId`). */
  readonly localRunId: string;

  constructor(options: {
    message: string;
    code: SyncErrorCode;
    sessionId: string;
    localRunId: string;
    isRetryable?: boolean;
    cause?: unknown;
  }) {
    super(options);
    this.sessionId = options.sessionId;
    this.localRunId = options.localRunId;
  }
}
