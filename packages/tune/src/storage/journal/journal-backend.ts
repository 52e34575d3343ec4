import type { JournalLog } from './journal-log';

/**
 * Where a journal's operations are kept: an append-only log that several processes share.
 * The journal storage replays it; backends only store and return records in order.
 */
export interface JournalBackend {
  /**
   * Appends `logs` at the end of the log, atomically with respect to other writers (under a
   * lock, or in one server-side step), and durably before resolving.
   */
  append(logs: readonly JournalLog[]): Promise<void>;
  /**
   * The complete records from `offset` (0 for the start) to the current end, and the offset
   * to read from next time. An offset is opaque to callers (a byte offset in a file, a log
   * number in Redis). A record still being written is left for a later read.
   */
  readFrom(offset: number): Promise<{ logs: JournalLog[]; nextOffset: number }>;
  /** Releases files and connections. */
  close?(): Promise<void>;
}
