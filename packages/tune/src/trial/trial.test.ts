import { describe, expect, it } from 'vitest';
import { StorageError } from '../errors';
import { NopPruner } from '../pruners/nop';
import { MedianPruner } from '../pruners/percentile';
import { SuccessiveHalvingPruner } from '../pruners/successive-halving';
import { InMemoryStorage } from '../storage/in-memory-storage';
import { createStudy } from '../study/create-study';
import type { Distribution, FrozenTrial, JsonValue, Sampler, StudyView } from '../types';

describe('Trial.report and shouldPrune', () => {
  it('ignores a step reported twice and validates steps', async () => {
    const study = await createStudy({ pruner: new NopPruner() });
    const trial = await study.ask();
    await trial.report(1, 0);
    await trial.report(2, 0);
    await expect(trial.report(1, -1)).rejects.toThrow(/non-negative integer/);
    await expect(trial.report(1, 0.5)).rejects.toThrow(/non-negative integer/);
    expect([...(await study.storage.getTrial(trial.trialId)).intermediateValues]).toEqual([[0, 1]]);
  });

  it('sees trials completed by other workers after an awaited report', async () => {
    const study = await createStudy({ pruner: new MedianPruner({ nStartupTrials: 1 }) });
    const slow = await study.ask();
    await slow.report(10, 0);
    expect(slow.shouldPrune()).toBe(false);
    const fast = await study.ask();
    await fast.report(1, 0);
    await study.tell(fast, 1);
    expect(slow.shouldPrune()).toBe(false);
    await slow.report(10, 1);
    expect(slow.shouldPrune()).toBe(false);
    const second = await study.ask();
    await second.report(1, 1);
    await study.tell(second, 1);
    await slow.report(9, 2);
    expect(slow.shouldPrune()).toBe(false);
    const third = await study.ask();
    await third.report(1, 3);
    await study.tell(third, 1);
    await slow.report(8, 3);
    expect(slow.shouldPrune()).toBe(true);
  });

  it('stores successive-halving rung values on the trial', async () => {
    const study = await createStudy({
      pruner: new SuccessiveHalvingPruner({ minResource: 1, reductionFactor: 2 }),
    });
    const trial = await study.ask();
    await trial.report(0.5, 1);
    expect(trial.shouldPrune()).toBe(false);
    expect(trial.systemAttrs.completed_rung_0).toBe(0.5);
    await study.tell(trial, 0.5);
    expect((await study.storage.getTrial(trial.trialId)).systemAttrs.completed_rung_0).toBe(0.5);
  });
});

class FailingStorage extends InMemoryStorage {
  override async setTrialUserAttr(): Promise<void> {
    throw new StorageError({ message: 'disk full' });
  }
}

describe('queued writes', () => {
  it('keeps writes in order and surfaces a failed write at tell', async () => {
    const study = await createStudy({ storage: new FailingStorage() });
    const trial = await study.ask();
    trial.suggestFloat('x', 0, 1);
    trial.setUserAttr('a', 1);
    await expect(study.tell(trial, 1)).rejects.toThrow('disk full');
    const stored = await study.storage.getTrial(trial.trialId);
    expect(Object.keys(stored.params)).toEqual(['x']);
  });

  it('stores every suggestion before tell resolves', async () => {
    const study = await createStudy({ seed: 1 });
    const trial = await study.ask();
    const values = Array.from({ length: 20 }, (_value, index) =>
      trial.suggestFloat(`p${index}`, 0, 1),
    );
    const stored = await study.tell(trial, 0);
    expect(Object.values(stored.params)).toEqual(values);
  });
});

class RecordingSampler implements Sampler {
  readonly calls: string[] = [];
  inferRelativeSearchSpace(study: StudyView): Record<string, Distribution> {
    this.calls.push(`infer:${study.trials.length}`);
    return { x: { kind: 'float', low: 0, high: 1, log: false, step: null } };
  }
  sampleRelative(): Record<string, number> {
    this.calls.push('relative');
    return { x: 0.75 };
  }
  sampleIndependent(_study: StudyView, _trial: FrozenTrial, name: string): number {
    this.calls.push(`independent:${name}`);
    return 0.5;
  }
  beforeTrial(_study: StudyView, trial: FrozenTrial): void {
    this.calls.push(`before:${trial.number}`);
  }
  afterTrial(
    _study: StudyView,
    trial: FrozenTrial,
    state: string,
    values: readonly number[] | null,
  ): void {
    this.calls.push(`after:${trial.number}:${state}:${JSON.stringify(values as JsonValue)}`);
  }
}

describe('sampler protocol', () => {
  it('calls the sampler in Optuna order and uses relative values when they fit', async () => {
    const sampler = new RecordingSampler();
    const study = await createStudy({ sampler });
    const trial = await study.ask();
    expect(trial.suggestFloat('x', 0, 1)).toBe(0.75);
    expect(trial.suggestFloat('y', 0, 1)).toBe(0.5);
    await study.tell(trial, 2);
    const next = await study.ask();
    expect(next.suggestFloat('x', 0, 0.5)).toBe(0.5);
    expect(sampler.calls).toEqual([
      'before:0',
      'infer:1',
      'relative',
      'independent:y',
      'after:0:COMPLETE:[2]',
      'before:1',
      'infer:2',
      'relative',
      'independent:x',
    ]);
  });
});
