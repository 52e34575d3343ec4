import type { JournalOperation, JournalRecord } from './records';

/** The server's ids of a run, from the ack of its `run-start`. */
export interface ServerRunIds {
  serverRunId: string;
  serverExperimentId: string | undefined;
}

/** What `pendingOperations()` found. */
export interface PendingOperations {
  /** Operations without an ack, in `seq` order: replay them in this order. */
  operations: JournalOperation[];
  /**
   * `localRunId` → server ids, for every run whose `run-start` was acknowledged with a
   * `serverRunId`: replayed operations of those runs go to these ids.
   */
  runIds: Map<string, ServerRunIds>;
}

/**
 * The operations of one journal (run-start, batch, inputs, run-end) that the server has not
 * confirmed, in `seq` order, and the server ids of the runs it did create. Seq numbers are per
 * session, so pass the records of one journal file (as `readJournal()` returns them).
 *
 * @example
 * ```ts
 * const { records } = await readJournal(adopted.journalPath);
 * const { operations, runIds } = pendingOperations(records);
 * ```
 */
export function pendingOperations(records: readonly JournalRecord[]): PendingOperations {
  const operations = new Map<number, JournalOperation>();
  const acknowledged = new Map<number, { serverRunId?: string; serverExperimentId?: string }>();
  for (const record of records) {
    if (record.type === 'ack') acknowledged.set(record.seq, record);
    else if (record.type !== 'session-start' && !operations.has(record.seq)) {
      operations.set(record.seq, record);
    }
  }
  const pending: JournalOperation[] = [];
  const runIds = new Map<string, ServerRunIds>();
  for (const [seq, operation] of operations) {
    const ack = acknowledged.get(seq);
    if (ack === undefined) pending.push(operation);
    else if (operation.type === 'run-start' && ack.serverRunId !== undefined) {
      runIds.set(operation.localRunId, {
        serverRunId: ack.serverRunId,
        serverExperimentId: ack.serverExperimentId,
      });
    }
  }
  pending.sort((left, right) => left.seq - right.seq);
  return { operations: pending, runIds };
}
