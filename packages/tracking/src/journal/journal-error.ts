import { DagnosticsError } from '@dagnostics/core';

/** What the journal was doing when it failed. */
export type JournalErrorOperation =
  | 'open'
  | 'lock'
  | 'write'
  | 'sync'
  | 'close'
  | 'read'
  | 'parse'
  | 'list'
  | 'adopt';

/**
 * The local journal could not be written, read or locked: a full disk, a permission problem, a
 * damaged line, or a session held by another process. The message says what to do; `code` is one
 * of `JOURNAL_IO` (the operating system refused; `systemCode` says why), `JOURNAL_CORRUPT` (a
 * complete line is not a valid record; `line` names it), `JOURNAL_LOCKED` (another process owns
 * the session), `JOURNAL_CLOSED` (the writer was closed or can no longer be trusted) and
 * `JOURNAL_UNSUPPORTED_VERSION`.
 */
export class JournalError extends DagnosticsError {
  static override readonly errorName: string = 'DagnosticsJournalError';

  /** The journal file, lock file or directory concerned. */
  readonly path: string;
  /** What the journal was doing. */
  readonly operation: JournalErrorOperation;
  /** 1-based line number of a damaged record, when the error is about one. */
  readonly line: number | undefined;
  /** The operating system's error code (`ENOSPC`, `EACCES`, ...), when there is one. */
  readonly systemCode: string | undefined;

  constructor(options: {
    message: string;
    path: string;
    operation: JournalErrorOperation;
    code?: string;
    line?: number;
    systemCode?: string;
    isRetryable?: boolean;
    cause?: unknown;
  }) {
    super({ ...options, code: options.code ?? 'JOURNAL_IO' });
    this.path = options.path;
    this.operation = options.operation;
    this.line = options.line;
    this.systemCode = options.systemCode;
  }
}

/** The `code` of a Node.js system error (`ENOSPC`), if `error` is one. */
export function systemErrorCode(error: unknown): string | undefined {
  if (typeof error !== 'object' || error === null) return undefined;
  const code = (error as { code?: unknown }).code;
  return typeof code === 'string' ? code : undefined;
}

/**
 * Wraps a file-system failure in a `JournalError` whose message says what failed (`action`, e.g.
 * "append 3 records to") and what the user can do about the operating system's reason.
 */
export function journalIoError(
  operation: JournalErrorOperation,
  path: string,
  action: string,
  cause: unknown,
  consequence = '',
): JournalError {
  const systemCode = systemErrorCode(cause);
  const reason = describeSystemError(systemCode, cause);
  return new JournalError({
    message: `Could not ${action} ${path}: ${reason.text}${consequence ? ` ${consequence}` : ''}`,
    path,
    operation,
    ...(systemCode === undefined ? {} : { systemCode }),
    isRetryable: reason.isRetryable,
    cause,
  });
}

function describeSystemError(
  systemCode: string | undefined,
  cause: unknown,
): { text: string; isRetryable: boolean } {
  switch (systemCode) {
    case 'ENOSPC':
    case 'EDQUOT':
      return {
        text: 'no space left on the device (or the disk quota is used up). Free disk space, or point the journal directory to a larger disk.',
        isRetryable: true,
      };
    case 'EACCES':
    case 'EPERM':
      return {
        text: 'permission denied. Make the journal directory writable (and readable) by the user running this process, or choose another directory.',
        isRetryable: false,
      };
    case 'EROFS':
      return {
        text: 'the file system is read-only. Choose a journal directory on a writable disk.',
        isRetryable: false,
      };
    case 'EMFILE':
    case 'ENFILE':
      return {
        text: 'too many open files. Close files elsewhere in the process or raise the limit (ulimit -n).',
        isRetryable: true,
      };
    case 'ENOENT':
      return {
        text: 'no such file or directory. Check the journal directory path.',
        isRetryable: false,
      };
    case 'ENOTDIR':
      return {
        text: 'a part of the path is a file, not a directory. Check the journal directory path.',
        isRetryable: false,
      };
    case 'EIO':
      return {
        text: 'input/output error: the disk may be failing. Check the system log and the disk.',
        isRetryable: false,
      };
    default: {
      const detail = cause instanceof Error ? cause.message : String(cause);
      return { text: `${detail}.`, isRetryable: false };
    }
  }
}
