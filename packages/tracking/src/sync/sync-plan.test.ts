import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import type { JournalRecord, RunStartRecord } from '../journal/records';
import { localParentOf, parentsFirst, planSession, withServerParent } from './sync-plan';

const runStart = (seq: number, localRunId: string, extra: Partial<RunStartRecord> = {}) =>
  ({
    type: 'run-start',
    seq,
    localRunId,
    experimentName: 'e',
    startTimeMs: 1,
    tags: [{ key: 'mlflow.parentRunId', value: 'p' }],
    ...extra,
  }) satisfies RunStartRecord;

describe('planSession', () => {
  it('lists each run with its unacknowledged operations in seq order', () => {
    const records: JournalRecord[] = [
      { type: 'session-start', version: 1, sessionId: 's', pid: 1, hostname: 'h', startedAtMs: 0 },
      runStart(1, 'a'),
      runStart(2, 'b'),
      { type: 'batch', seq: 3, localRunId: 'a', metrics: [], params: [], tags: [] },
      { type: 'ack', seq: 1, serverRunId: 'server-a', serverExperimentId: '7' },
      { type: 'run-end', seq: 4, localRunId: 'a', status: 'FINISHED', endTimeMs: 2 },
      { type: 'ack', seq: 4 },
      { type: 'batch', seq: 5, localRunId: 'b', metrics: [], params: [], tags: [] },
    ];
    const runs = planSession('s', records);
    expect(
      runs.map((run) => ({
        id: run.localRunId,
        pending: run.pending.map((operation) => operation.seq),
        acknowledged: run.alreadyAcknowledged,
        server: run.serverIds,
      })),
    ).toEqual([
      {
        id: 'a',
        pending: [3],
        acknowledged: 2,
        server: { serverRunId: 'server-a', serverExperimentId: '7' },
      },
      { id: 'b', pending: [2, 5], acknowledged: 0, server: undefined },
    ]);
  });
});

describe('localParentOf', () => {
  it('takes parentLocalRunId, or a parentRunId that names a local run', () => {
    const isLocal = (id: string) => id === 'local';
    expect(localParentOf(runStart(1, 'c', { parentLocalRunId: 'x' }), isLocal)).toBe('x');
    expect(localParentOf(runStart(1, 'c', { parentRunId: 'local' }), isLocal)).toBe('local');
    expect(localParentOf(runStart(1, 'c', { parentRunId: 'server' }), isLocal)).toBeUndefined();
    expect(localParentOf(runStart(1, 'c'), isLocal)).toBeUndefined();
  });

  it('replaces the parent tag with the server id', () => {
    expect(withServerParent(runStart(1, 'c'), 'server-p').tags).toEqual([
      { key: 'mlflow.parentRunId', value: 'server-p' },
    ]);
  });
});

describe('parentsFirst', () => {
  it('puts every run after its parent, and parents strictly shallower', () => {
    fc.assert(
      fc.property(
        fc.array(fc.option(fc.nat(30), { nil: undefined }), { maxLength: 30 }),
        fc.array(fc.nat(), { maxLength: 30 }),
        (parents, shuffle) => {
          // A forest: run i may only have a parent with a smaller index, then listed shuffled.
          const runs = parents.map((parent, index) => ({
            localRunId: `r${index}`,
            parent: parent === undefined || parent >= index ? undefined : `r${parent}`,
          }));
          const listed = [...runs].sort(
            (left, right) =>
              (shuffle[Number(left.localRunId.slice(1))] ?? 0) -
              (shuffle[Number(right.localRunId.slice(1))] ?? 0),
          );
          const { ordered, depthOf } = parentsFirst(listed, (run) => run.parent);
          const position = new Map(ordered.map((run, index) => [run.localRunId, index]));
          expect(ordered).toHaveLength(runs.length);
          for (const run of runs) {
            if (run.parent === undefined) continue;
            expect(position.get(run.parent)).toBeLessThan(position.get(run.localRunId) ?? -1);
            expect(depthOf(run.parent)).toBeLessThan(depthOf(run.localRunId));
          }
        },
      ),
    );
  });

  it('cuts a loop so that no run waits on a deeper one', () => {
    const runs = [
      { localRunId: 'a', parent: 'b' },
      { localRunId: 'b', parent: 'a' },
    ];
    const { depthOf } = parentsFirst(runs, (run) => run.parent);
    const waits = runs.filter((run) => depthOf(run.parent) < depthOf(run.localRunId));
    expect(waits).toHaveLength(1);
  });
});
