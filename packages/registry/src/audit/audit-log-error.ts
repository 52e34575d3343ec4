import { DagnosticsError } from '@dagnostics/core';

/**
 * Why an audit-log write was refused: `ENTRY_TOO_LARGE` (the entry's JSON would not fit
 * MLflow's 5000-character tag value), `CONCURRENT_APPEND` (another writer took the same
 * sequence number; this entry was not recorded, append it again), `CORRUPT_LOG` (the head
 * tag is missing or unreadable while entries exist: run `verify()`), `LOG_FULL` (999 999
 * entries, the most six digits number).
 */
export type AuditLogErrorReason =
  | 'ENTRY_TOO_LARGE'
  | 'CONCURRENT_APPEND'
  | 'CORRUPT_LOG'
  | 'LOG_FULL';

/** An audit-log entry that was not written; the log is as it was unless the message says otherwise. */
export class AuditLogError extends DagnosticsError {
  static override readonly errorName: string = 'DagnosticsAuditLogError';

  /** Machine-readable reason. */
  readonly reason: AuditLogErrorReason;
  /** The registered model whose log it is. */
  readonly model: string;
  /** The sequence number the entry would have had, when known. */
  readonly seq: number | undefined;

  constructor(options: {
    reason: AuditLogErrorReason;
    model: string;
    seq?: number;
    message: string;
  }) {
    super({
      message: options.message,
      code: `AUDIT_${options.reason}`,
      isRetryable: options.reason === 'CONCURRENT_APPEND',
    });
    this.reason = options.reason;
    this.model = options.model;
    this.seq = options.seq;
  }
}
