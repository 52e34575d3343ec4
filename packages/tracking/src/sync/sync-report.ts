/** What happened to one run of a synced session. */
export interface RunSyncReport {
  /** The client's id of the run (`dagnostics.localRunId`). */
  localRunId: string;
  /** The run's id on the server; undefined when it could not be created. */
  serverRunId: string | undefined;
  /** The id of the run's experiment on the server; undefined when it is not known. */
  experimentId: string | undefined;
  /** Operations (run-start, batches, inputs, run-end) the server confirmed during this sync. */
  sentOperations: number;
  /** Operations the server had confirmed before this sync. */
  alreadyAcknowledged: number;
  /** Operations still unconfirmed after this sync; they stay in the journal for the next one. */
  pendingOperations: number;
}

/** An operation, run or session that could not be synced. */
export interface SyncFailure {
  /** The run concerned; absent for a failure of the whole session. */
  localRunId?: string;
  /** The journal `seq` of the operation that failed, when one did. */
  seq?: number;
  /** What went wrong: a `MlflowApiError`, `MlflowNetworkError`, `JournalError` or `SyncError`. */
  error: unknown;
}

/**
 * Why a session was not synced: `alive` (its process still runs), `unknown` (locked on another
 * host), `locked` (another process adopted it first), `not-found` (a requested id that has no
 * journal) or `failed` (its journal could not be read or taken over; the error is in `failures`).
 */
export type SessionSkipReason = 'alive' | 'unknown' | 'locked' | 'not-found' | 'failed';

/** What happened to one session. */
export interface SessionSyncReport {
  sessionId: string;
  /** Set when the session was left alone; its runs are then not listed. */
  skipped?: SessionSkipReason;
  /** Every run with operations in this session's journal. */
  runs: RunSyncReport[];
  /** What failed; the operations concerned stay in the journal for the next sync. */
  failures: SyncFailure[];
}

/** What `syncJournals()` and `syncOfflineRuns()` did, session by session (sorted by id). */
export interface SyncReport {
  sessions: SessionSyncReport[];
}

/** Progress of a sync, told as it happens. */
export type SyncProgressEvent =
  | { type: 'session-skipped'; sessionId: string; reason: SessionSkipReason }
  | { type: 'run-started'; sessionId: string; localRunId: string; pendingOperations: number }
  | {
      type: 'operation-acknowledged';
      sessionId: string;
      localRunId: string;
      /** The operation's `seq` in the session's journal. */
      seq: number;
      /** Operations of this run confirmed so far in this sync. */
      sentOperations: number;
      /** Operations of this run this sync set out to send. */
      pendingOperations: number;
    }
  | {
      type: 'run-finished';
      sessionId: string;
      localRunId: string;
      serverRunId: string | undefined;
      sentOperations: number;
      /** Operations that failed and stay in the journal. */
      failedOperations: number;
    };
