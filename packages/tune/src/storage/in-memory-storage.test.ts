import { describe, expect, it } from 'vitest';
import {
  DuplicateStudyError,
  InvalidSearchSpaceError,
  StudyNotFoundError,
  TrialFinishedError,
  TrialNotFoundError,
} from '../errors';
import type { Distribution } from '../types';
import { InMemoryStorage } from './in-memory-storage';

const x: Distribution = { kind: 'float', low: 0, high: 1, log: false, step: null };
const color: Distribution = { kind: 'categorical', choices: ['red', 'green'] };

async function catchError(promise: Promise<unknown>): Promise<unknown> {
  try {
    await promise;
  } catch (error) {
    return error;
  }
  throw new Error('expected a rejection');
}

describe('InMemoryStorage studies', () => {
  it('creates, finds, lists, sets attributes and deletes studies', async () => {
    const storage = new InMemoryStorage();
    const a = await storage.createStudy(['minimize'], 'a');
    const b = await storage.createStudy(['minimize', 'maximize'], 'b');
    expect(a).not.toBe(b);
    expect(await storage.getStudyIdFromName('b')).toBe(b);
    await storage.setStudyUserAttr(a, 'owner', 'me');
    await storage.setStudySystemAttr(a, 'metric_names', ['loss']);
    expect(await storage.getStudy(a)).toEqual({
      studyId: a,
      studyName: 'a',
      directions: ['minimize'],
      userAttrs: { owner: 'me' },
      systemAttrs: { metric_names: ['loss'] },
    });
    expect((await storage.getAllStudies()).map((study) => study.studyName)).toEqual(['a', 'b']);
    await storage.createTrial(a);
    await storage.deleteStudy(a);
    expect(StudyNotFoundError.isInstance(await catchError(storage.getStudy(a)))).toBe(true);
    expect(StudyNotFoundError.isInstance(await catchError(storage.getStudyIdFromName('a')))).toBe(
      true,
    );
    expect(TrialNotFoundError.isInstance(await catchError(storage.getTrial(0)))).toBe(true);
    await storage.createStudy(['minimize'], 'a');
  });

  it('refuses a duplicate name', async () => {
    const storage = new InMemoryStorage();
    await storage.createStudy(['minimize'], 's');
    const error = await catchError(storage.createStudy(['maximize'], 's'));
    expect(DuplicateStudyError.isInstance(error)).toBe(true);
    expect(StudyNotFoundError.isInstance(error)).toBe(false);
  });
});

describe('InMemoryStorage trials', () => {
  it('numbers trials per study and keeps ids storage-wide', async () => {
    const storage = new InMemoryStorage();
    const a = await storage.createStudy(['minimize'], 'a');
    const b = await storage.createStudy(['minimize'], 'b');
    const ids = [
      await storage.createTrial(a),
      await storage.createTrial(b),
      await storage.createTrial(a),
    ];
    expect(new Set(ids).size).toBe(3);
    expect((await storage.getAllTrials(a)).map((trial) => trial.number)).toEqual([0, 1]);
    const trial = await storage.getTrial(ids[1] as number);
    expect(trial.number).toBe(0);
    expect(trial.state).toBe('RUNNING');
    expect(trial.datetimeStart).toBeInstanceOf(Date);
  });

  it('stores params (internal in, external out), values, intermediate values and attributes', async () => {
    const storage = new InMemoryStorage();
    const study = await storage.createStudy(['minimize'], 's');
    const id = await storage.createTrial(study);
    await storage.setTrialParam(id, 'x', 0.5, x);
    await storage.setTrialParam(id, 'color', 1, color);
    await storage.setTrialIntermediateValue(id, 3, 0.7);
    await storage.setTrialIntermediateValue(id, 3, 0.6);
    await storage.setTrialUserAttr(id, 'note', { deep: [1] });
    await storage.setTrialSystemAttr(id, 'constraints:c', -1);
    expect(await storage.setTrialStateValues(id, 'COMPLETE', [0.25])).toBe(true);
    const trial = await storage.getTrial(id);
    expect(trial.params).toEqual({ x: 0.5, color: 'green' });
    expect(trial.distributions).toEqual({ x, color });
    expect([...trial.intermediateValues]).toEqual([[3, 0.6]]);
    expect(trial.userAttrs).toEqual({ note: { deep: [1] } });
    expect(trial.systemAttrs).toEqual({ 'constraints:c': -1 });
    expect(trial.values).toEqual([0.25]);
    expect(trial.datetimeComplete).toBeInstanceOf(Date);
  });

  it('copies attribute values and never changes a trial handed out', async () => {
    const storage = new InMemoryStorage();
    const study = await storage.createStudy(['minimize'], 's');
    const id = await storage.createTrial(study);
    const before = await storage.getTrial(id);
    const value = { list: [1] };
    await storage.setTrialUserAttr(id, 'v', value);
    value.list.push(2);
    expect((await storage.getTrial(id)).userAttrs).toEqual({ v: { list: [1] } });
    expect(before.userAttrs).toEqual({});
  });

  it('filters by state', async () => {
    const storage = new InMemoryStorage();
    const study = await storage.createStudy(['minimize'], 's');
    const first = await storage.createTrial(study);
    await storage.createTrial(study, { state: 'WAITING' });
    await storage.setTrialStateValues(first, 'FAIL');
    expect((await storage.getAllTrials(study, ['WAITING'])).map((trial) => trial.number)).toEqual([
      1,
    ]);
    expect((await storage.getAllTrials(study, ['FAIL', 'WAITING'])).length).toBe(2);
  });

  it('creates trials from templates, converting params to the external representation', async () => {
    const storage = new InMemoryStorage();
    const study = await storage.createStudy(['minimize'], 's');
    const id = await storage.createTrial(study, {
      state: 'COMPLETE',
      values: [1],
      params: { color: 0, x: 0.2 },
      distributions: { color, x },
      intermediateValues: new Map([[0, 5]]),
      userAttrs: { a: 1 },
      systemAttrs: { b: 2 },
    });
    const trial = await storage.getTrial(id);
    expect(trial.params).toEqual({ color: 'red', x: 0.2 });
    expect(trial.intermediateValues.get(0)).toBe(5);
    expect(trial.datetimeStart).toBeNull();
    const waiting = await storage.getTrial(await storage.createTrial(study, { state: 'WAITING' }));
    expect(waiting.datetimeStart).toBeNull();
  });

  it('lets only one claim of a WAITING trial succeed', async () => {
    const storage = new InMemoryStorage();
    const study = await storage.createStudy(['minimize'], 's');
    const id = await storage.createTrial(study, { state: 'WAITING' });
    const claims = await Promise.all([
      storage.setTrialStateValues(id, 'RUNNING'),
      storage.setTrialStateValues(id, 'RUNNING'),
      storage.setTrialStateValues(id, 'RUNNING'),
    ]);
    expect(claims.filter(Boolean)).toHaveLength(1);
    const claimed = await storage.getTrial(id);
    expect(claimed.state).toBe('RUNNING');
    expect(claimed.datetimeStart).toBeInstanceOf(Date);
    const running = await storage.createTrial(study);
    expect(await storage.setTrialStateValues(running, 'RUNNING')).toBe(false);
  });

  it('rejects changes to finished trials with TrialFinishedError', async () => {
    const storage = new InMemoryStorage();
    const study = await storage.createStudy(['minimize'], 's');
    const id = await storage.createTrial(study);
    await storage.setTrialStateValues(id, 'PRUNED');
    const attempts = [
      storage.setTrialStateValues(id, 'RUNNING'),
      storage.setTrialStateValues(id, 'COMPLETE', [1]),
      storage.setTrialParam(id, 'x', 0.5, x),
      storage.setTrialIntermediateValue(id, 0, 1),
      storage.setTrialUserAttr(id, 'a', 1),
      storage.setTrialSystemAttr(id, 'a', 1),
    ];
    for (const attempt of attempts) {
      const error = await catchError(attempt);
      expect(TrialFinishedError.isInstance(error)).toBe(true);
      expect((error as TrialFinishedError).state).toBe('PRUNED');
    }
  });

  it('rejects unknown ids and incompatible distributions', async () => {
    const storage = new InMemoryStorage();
    const study = await storage.createStudy(['minimize'], 's');
    expect(
      TrialNotFoundError.isInstance(await catchError(storage.setTrialUserAttr(42, 'a', 1))),
    ).toBe(true);
    expect(StudyNotFoundError.isInstance(await catchError(storage.createTrial(42)))).toBe(true);
    const first = await storage.createTrial(study);
    await storage.setTrialParam(first, 'x', 0.5, x);
    const second = await storage.createTrial(study);
    await storage.setTrialParam(second, 'x', 3, { ...x, high: 5 });
    const error = await catchError(storage.setTrialParam(second, 'x', 0, color));
    expect(InvalidSearchSpaceError.isInstance(error)).toBe(true);
  });
});
