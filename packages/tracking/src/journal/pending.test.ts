import { describe, expect, it } from 'vitest';
import { pendingOperations } from './pending';
import type { BatchRecord, JournalRecord, RunStartRecord } from './records';

const start = (seq: number, localRunId: string): RunStartRecord => ({
  type: 'run-start',
  seq,
  localRunId,
  experimentName: 'exp',
  startTimeMs: seq,
  tags: [],
});
const batch = (seq: number, localRunId: string): BatchRecord => ({
  type: 'batch',
  seq,
  localRunId,
  metrics: [{ key: 'loss', value: seq, timestampMs: seq, step: seq }],
  params: [],
  tags: [],
});
const session = (pid: number): JournalRecord => ({
  type: 'session-start',
  version: 1,
  sessionId: 's',
  pid,
  hostname: 'h',
  startedAtMs: pid,
});

describe('pendingOperations', () => {
  it('returns the operations without an ack, in seq order, and the server ids of acknowledged run starts', () => {
    const records: JournalRecord[] = [
      session(1),
      start(1, 'a'),
      batch(2, 'a'),
      start(3, 'b'),
      { type: 'ack', seq: 1, serverRunId: 'server-a', serverExperimentId: '5' },
      batch(4, 'b'),
      { type: 'inputs', seq: 5, localRunId: 'a', datasets: [] },
      { type: 'ack', seq: 2 },
      // Written by a later writer of the adopted session: seq order differs from file order.
      session(2),
      { type: 'run-end', seq: 7, localRunId: 'a', status: 'FINISHED', endTimeMs: 9 },
      batch(6, 'b'),
      { type: 'ack', seq: 4 },
    ];
    const { operations, runIds } = pendingOperations(records);
    expect(operations.map((operation) => [operation.type, operation.seq])).toEqual([
      ['run-start', 3],
      ['inputs', 5],
      ['batch', 6],
      ['run-end', 7],
    ]);
    expect(operations[0]).toBe(records[3]);
    expect([...runIds]).toEqual([['a', { serverRunId: 'server-a', serverExperimentId: '5' }]]);
  });

  it('returns nothing when every operation is acknowledged', () => {
    const records: JournalRecord[] = [
      session(1),
      start(1, 'a'),
      batch(2, 'a'),
      { type: 'ack', seq: 2 },
      { type: 'ack', seq: 1, serverRunId: 'server-a' },
    ];
    const { operations, runIds } = pendingOperations(records);
    expect(operations).toEqual([]);
    expect(runIds.get('a')).toEqual({ serverRunId: 'server-a', serverExperimentId: undefined });
  });

  it('keeps the first of two records with one seq, and ignores acks of unknown seqs', () => {
    const first = batch(2, 'a');
    const { operations } = pendingOperations([
      session(1),
      first,
      batch(2, 'a'),
      { type: 'ack', seq: 99 },
    ]);
    expect(operations).toHaveLength(1);
    expect(operations[0]).toBe(first);
  });
});
