import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import {
  DuplicateStudyError,
  InvalidSearchSpaceError,
  StudyNotFoundError,
  TrialFinishedError,
  TrialNotFoundError,
} from '../../errors';
import type { Distribution } from '../../types';
import type { JournalBackend } from './journal-backend';
import type { JournalLog } from './journal-log';
import {
  createJournalStorage,
  failReasonSystemAttrKey,
  heartbeatSystemAttrKey,
  type JournalStorage,
} from './journal-storage';
import { decodePythonJson, encodePythonJson } from './python-json';

/** A shared log in memory, as several processes would share a file. */
function memoryLog() {
  const lines: string[] = [];
  const backend = (): JournalBackend => ({
    async append(logs: readonly JournalLog[]) {
      for (const log of logs) lines.push(encodePythonJson(log));
    },
    async readFrom(offset: number) {
      return {
        logs: lines.slice(offset).map((line) => decodePythonJson(line) as JournalLog),
        nextOffset: lines.length,
      };
    },
  });
  return { lines, backend };
}

const uniform: Distribution = { kind: 'float', low: 0, high: 1, log: false, step: null };
const colors: Distribution = { kind: 'categorical', choices: ['red', 'green', null] };

describe('journal storage', () => {
  it('creates studies, trials, params, values and attributes and reads them back', async () => {
    const log = memoryLog();
    const storage = createJournalStorage(log.backend());
    const studyId = await storage.createStudy(['minimize', 'maximize'], 'study');
    await storage.setStudyUserAttr(studyId, 'owner', 'me');
    await storage.setStudySystemAttr(studyId, 'seed', 7);
    const trialId = await storage.createTrial(studyId);
    await storage.setTrialParam(trialId, 'x', 0.25, uniform);
    await storage.setTrialParam(trialId, 'color', 2, colors);
    await storage.setTrialIntermediateValue(trialId, 3, Number.NaN);
    await storage.setTrialUserAttr(trialId, 'note', { nested: [1, 'a'] });
    await storage.setTrialSystemAttr(trialId, 'internal', true);
    await expect(storage.setTrialStateValues(trialId, 'COMPLETE', [1.5, 2])).resolves.toBe(true);

    const study = await storage.getStudy(studyId);
    expect(study).toMatchObject({
      studyName: 'study',
      directions: ['minimize', 'maximize'],
      userAttrs: { owner: 'me' },
      systemAttrs: { seed: 7 },
    });
    const trial = await storage.getTrial(trialId);
    expect(trial).toMatchObject({
      number: 0,
      state: 'COMPLETE',
      values: [1.5, 2],
      params: { x: 0.25, color: null },
      distributions: { x: uniform, color: colors },
      userAttrs: { note: { nested: [1, 'a'] } },
      systemAttrs: { internal: true },
    });
    expect(trial.intermediateValues.get(3)).toBeNaN();
    expect(trial.datetimeStart).toBeInstanceOf(Date);
    expect(trial.datetimeComplete?.getTime()).toBeGreaterThanOrEqual(
      trial.datetimeStart?.getTime() ?? Number.POSITIVE_INFINITY,
    );
    expect(await storage.getStudyIdFromName('study')).toBe(studyId);
    // The same log replayed by another process gives the same trial.
    expect(await createJournalStorage(log.backend()).getTrial(trialId)).toEqual(trial);
  });

  it('writes the operations Optuna writes, with its field names and codes', async () => {
    const log = memoryLog();
    const storage = createJournalStorage(log.backend(), { workerId: 'w-1' });
    const studyId = await storage.createStudy(['maximize'], 's');
    const trialId = await storage.createTrial(studyId);
    await storage.setTrialParam(trialId, 'n', 3, {
      kind: 'int',
      low: 1,
      high: 9,
      log: false,
      step: 2,
    });
    await storage.setTrialStateValues(trialId, 'FAIL');
    const records = log.lines.map((line) => JSON.parse(line));

    expect(records[0]).toEqual({ op_code: 0, worker_id: 'w-1', study_name: 's', directions: [2] });
    expect(records[1]).toMatchObject({ op_code: 4, worker_id: 'w-1', study_id: 0 });
    expect(records[1].datetime_start).toMatch(/^\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d\.\d{6}\+00:00$/);
    expect(records[2]).toEqual({
      op_code: 5,
      worker_id: 'w-1',
      trial_id: 0,
      param_name: 'n',
      param_value_internal: 3,
      distribution:
        '{"name": "IntDistribution", "attributes": {"log": false, "step": 2, "low": 1, "high": 9}}',
    });
    expect(records[3]).toMatchObject({ op_code: 6, trial_id: 0, state: 3, values: null });
    expect(records[3].datetime_complete).toEqual(expect.any(String));
  });

  it('rejects duplicates, unknown ids, finished trials and changed distributions with typed errors', async () => {
    const storage = createJournalStorage(memoryLog().backend());
    const studyId = await storage.createStudy(['minimize'], 'once');
    await expect(storage.createStudy(['minimize'], 'once')).rejects.toSatisfy((error: unknown) =>
      DuplicateStudyError.isInstance(error),
    );
    await expect(storage.getStudyIdFromName('nope')).rejects.toSatisfy((error: unknown) =>
      StudyNotFoundError.isInstance(error),
    );
    await expect(storage.createTrial(99)).rejects.toSatisfy((error: unknown) =>
      StudyNotFoundError.isInstance(error),
    );
    await expect(storage.getTrial(5)).rejects.toSatisfy((error: unknown) =>
      TrialNotFoundError.isInstance(error),
    );

    const first = await storage.createTrial(studyId);
    await storage.setTrialParam(first, 'color', 0, colors);
    await expect(
      storage.setTrialParam(first, 'color', 0, { kind: 'categorical', choices: ['red'] }),
    ).rejects.toSatisfy((error: unknown) => InvalidSearchSpaceError.isInstance(error));
    const second = await storage.createTrial(studyId);
    await expect(storage.setTrialParam(second, 'color', 0.5, uniform)).rejects.toSatisfy(
      (error: unknown) => InvalidSearchSpaceError.isInstance(error),
    );
    // A float range may change between trials, as in Optuna.
    await storage.setTrialParam(second, 'x', 0.5, uniform);
    await storage.setTrialParam(first, 'x', 3, { ...uniform, high: 5 });

    await storage.setTrialStateValues(first, 'PRUNED');
    for (const write of [
      () => storage.setTrialStateValues(first, 'COMPLETE', [1]),
      () => storage.setTrialParam(first, 'y', 0.1, uniform),
      () => storage.setTrialIntermediateValue(first, 0, 1),
      () => storage.setTrialUserAttr(first, 'k', 1),
      () => storage.recordHeartbeat(first),
    ]) {
      await expect(write()).rejects.toSatisfy((error: unknown) =>
        TrialFinishedError.isInstance(error),
      );
    }
  });

  it('lets exactly one of two workers claim a WAITING trial', async () => {
    const log = memoryLog();
    const first = createJournalStorage(log.backend());
    const second = createJournalStorage(log.backend());
    const studyId = await first.createStudy(['minimize'], 'queue');
    const waiting = await first.createTrial(studyId, {
      state: 'WAITING',
      params: { x: 0.5 },
      distributions: { x: uniform },
      userAttrs: { enqueued: true },
    });
    // Both see it WAITING before either writes: both append a RUNNING claim.
    expect((await second.getTrial(waiting)).state).toBe('WAITING');
    expect((await first.getTrial(waiting)).state).toBe('WAITING');
    const [firstWon, secondWon] = await Promise.all([
      first.setTrialStateValues(waiting, 'RUNNING'),
      second.setTrialStateValues(waiting, 'RUNNING'),
    ]);

    expect([firstWon, secondWon].sort()).toEqual([false, true]);
    // Both claims reached the log; the replay gave the trial to the first.
    expect(log.lines.filter((line) => line.includes('"op_code":6')).length).toBe(2);
    await expect(first.setTrialStateValues(waiting, 'RUNNING')).resolves.toBe(false);
    const trial = await second.getTrial(waiting);
    expect(trial).toMatchObject({
      state: 'RUNNING',
      params: { x: 0.5 },
      userAttrs: { enqueued: true },
    });
    expect(trial.datetimeStart).toBeInstanceOf(Date);
  });

  it('stores template trials with values, times and intermediate values', async () => {
    const storage = createJournalStorage(memoryLog().backend());
    const studyId = await storage.createStudy(['minimize'], 'templates');
    const start = new Date('2024-05-06T07:08:09.123Z');
    const trialId = await storage.createTrial(studyId, {
      state: 'COMPLETE',
      values: [0.5],
      datetimeStart: start,
      datetimeComplete: new Date(start.getTime() + 1000),
      params: { color: 1 },
      distributions: { color: colors },
      intermediateValues: new Map([[2, 0.75]]),
    });

    const trial = await storage.getTrial(trialId);
    expect(trial).toMatchObject({ state: 'COMPLETE', values: [0.5], params: { color: 'green' } });
    expect(trial.datetimeStart).toEqual(start);
    expect(trial.datetimeComplete).toEqual(new Date(start.getTime() + 1000));
    expect([...trial.intermediateValues]).toEqual([[2, 0.75]]);
    expect(await storage.getAllTrials(studyId, ['RUNNING'])).toEqual([]);
  });

  it('deletes studies without reusing their ids', async () => {
    const storage = createJournalStorage(memoryLog().backend());
    const doomed = await storage.createStudy(['minimize'], 'doomed');
    await storage.createTrial(doomed);
    await storage.deleteStudy(doomed);
    await expect(storage.getStudy(doomed)).rejects.toSatisfy((error: unknown) =>
      StudyNotFoundError.isInstance(error),
    );
    const kept = await storage.createStudy(['minimize'], 'doomed');
    const trialId = await storage.createTrial(kept);

    expect(kept).toBe(doomed + 1);
    expect(trialId).toBe(1);
    expect((await storage.getAllTrials(kept)).map((trial) => trial.number)).toEqual([0]);
    expect((await storage.getAllStudies()).map((study) => study.studyName)).toEqual(['doomed']);
  });

  it('fails RUNNING trials whose heartbeat is stale, once, whoever asks', async () => {
    const log = memoryLog();
    const worker = createJournalStorage(log.backend());
    const watcher = createJournalStorage(log.backend());
    const other = createJournalStorage(log.backend());
    const studyId = await worker.createStudy(['minimize'], 'beats');
    const stale = await worker.createTrial(studyId);
    const fresh = await worker.createTrial(studyId);
    const silent = await worker.createTrial(studyId);
    await worker.recordHeartbeat(stale);
    await new Promise((resolve) => setTimeout(resolve, 60));
    await worker.recordHeartbeat(fresh);

    const [byWatcher, byOther] = await Promise.all([
      watcher.failStaleTrials(studyId, 40),
      other.failStaleTrials(studyId, 40),
    ]);

    expect([...byWatcher, ...byOther]).toEqual([stale]);
    const trials = await worker.getAllTrials(studyId);
    expect(trials.map((trial) => trial.state)).toEqual(['FAIL', 'RUNNING', 'RUNNING']);
    expect(trials[0]?.systemAttrs[failReasonSystemAttrKey]).toMatch(/no heartbeat for 40 ms/);
    expect(trials[1]?.systemAttrs[heartbeatSystemAttrKey]).toEqual(expect.any(String));
    expect(trials[2]?.trialId).toBe(silent);
    await expect(worker.setTrialStateValues(stale, 'COMPLETE', [1])).rejects.toSatisfy(
      (error: unknown) => TrialFinishedError.isInstance(error),
    );
  });

  it('skips an unreadable operation with a warning and goes on', async () => {
    const log = memoryLog();
    const warnings: string[] = [];
    const storage = createJournalStorage(log.backend(), { onWarning: (m) => warnings.push(m) });
    const studyId = await storage.createStudy(['minimize'], 'skips');
    log.lines.push('{"op_code":42,"worker_id":"future"}', '{"op_code":4,"worker_id":"x"}');
    const trialId = await storage.createTrial(studyId);

    expect(trialId).toBe(0);
    expect(warnings).toHaveLength(2);
    expect(warnings[0]).toMatch(/op_code 42/);
  });

  it('numbers trials 0..n-1 whatever the interleaving of workers', async () => {
    await fc.assert(
      fc.asyncProperty(fc.array(fc.nat(2), { minLength: 1, maxLength: 20 }), async (order) => {
        const log = memoryLog();
        const workers = [0, 1, 2].map(() => createJournalStorage(log.backend()));
        const [first, second, third] = workers as [JournalStorage, JournalStorage, JournalStorage];
        const studyId = await first.createStudy(['minimize'], 'numbers');
        const created = await Promise.all(
          order.map((index) => [first, second, third][index]?.createTrial(studyId)),
        );
        const trials = await second.getAllTrials(studyId);

        expect(new Set(created).size).toBe(order.length);
        expect(trials.map((trial) => trial.number)).toEqual(order.map((_, index) => index));
        expect(trials.map((trial) => trial.trialId).sort()).toEqual([...created].sort());
      }),
      { numRuns: 30 },
    );
  });
});
