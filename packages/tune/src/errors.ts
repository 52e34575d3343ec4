import { DagnosticsError } from '@dagnostics/core';

/** No study of that name or id in the storage. */
export class StudyNotFoundError extends DagnosticsError {
  static override readonly errorName: string = 'DagnosticsStudyNotFoundError';

  /** The name or id asked for. */
  readonly study: string | number;

  constructor(options: { study: string | number; message?: string }) {
    super({
      message:
        options.message ??
        `No study ${JSON.stringify(options.study)} in this storage. Create it with createStudy, or pass loadIfExists: true.`,
      code: 'STUDY_NOT_FOUND',
    });
    this.study = options.study;
  }
}

/** A study of that name already exists. */
export class DuplicateStudyError extends DagnosticsError {
  static override readonly errorName: string = 'DagnosticsDuplicateStudyError';

  readonly studyName: string;

  constructor(options: { studyName: string }) {
    super({
      message: `A study named ${JSON.stringify(options.studyName)} already exists in this storage. Pass loadIfExists: true to resume it, or choose another name.`,
      code: 'STUDY_EXISTS',
    });
    this.studyName = options.studyName;
  }
}

/** No trial with that id (or number) in the storage. */
export class TrialNotFoundError extends DagnosticsError {
  static override readonly errorName: string = 'DagnosticsTrialNotFoundError';

  readonly trialId: number;

  constructor(options: { trialId: number; message?: string }) {
    super({
      message: options.message ?? `No trial with id ${options.trialId} in this storage.`,
      code: 'TRIAL_NOT_FOUND',
    });
    this.trialId = options.trialId;
  }
}

/** A finished trial (COMPLETE, PRUNED or FAIL) cannot be changed. */
export class TrialFinishedError extends DagnosticsError {
  static override readonly errorName: string = 'DagnosticsTrialFinishedError';

  readonly trialId: number;
  readonly state: string;

  constructor(options: { trialId: number; state: string; operation: string }) {
    super({
      message: `Trial ${options.trialId} has already finished (${options.state}); cannot ${options.operation}. Ask for a new trial instead.`,
      code: 'TRIAL_FINISHED',
    });
    this.trialId = options.trialId;
    this.state = options.state;
  }
}

/**
 * A search space is invalid at a suggest call: low > high, log with low <= 0, step and
 * log together, a range not divisible by step, or a name reused with another distribution.
 */
export class InvalidSearchSpaceError extends DagnosticsError {
  static override readonly errorName: string = 'DagnosticsInvalidSearchSpaceError';

  /** The parameter name. */
  readonly param: string;

  constructor(options: { param: string; message: string }) {
    super({ message: options.message, code: 'INVALID_SEARCH_SPACE' });
    this.param = options.param;
  }
}

/**
 * Thrown by an objective to prune its trial (Optuna's `TrialPruned`); `optimize` records
 * the trial as PRUNED and goes on.
 */
export class TrialPrunedError extends DagnosticsError {
  static override readonly errorName: string = 'DagnosticsTrialPrunedError';

  constructor(options: { message?: string } = {}) {
    super({ message: options.message ?? 'Trial pruned.', code: 'TRIAL_PRUNED' });
  }
}

/** A journal file or Redis journal is unreadable beyond the recoverable torn last line, or a lock could not be taken. */
export class StorageError extends DagnosticsError {
  static override readonly errorName: string = 'DagnosticsTuneStorageError';

  constructor(options: { message: string; cause?: unknown; isRetryable?: boolean }) {
    super({ ...options, code: 'TUNE_STORAGE' });
  }
}
