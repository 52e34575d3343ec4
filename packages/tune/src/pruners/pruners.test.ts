import { InvalidArgumentError } from '@dagnostics/core';
import { describe, expect, it } from 'vitest';
import { createStudy } from '../study/create-study';
import { createFrozenTrial } from '../trial/frozen-trial';
import type { Distribution, FrozenTrial, Sampler, StudyView } from '../types';
import { crc32 } from './crc32';
import { HyperbandPruner } from './hyperband';
import { PatientPruner } from './patient';
import { MedianPruner, PercentilePruner } from './percentile';
import { nanPercentile } from './steps';
import { SuccessiveHalvingPruner } from './successive-halving';
import { ThresholdPruner } from './threshold';

describe('pruner settings', () => {
  it('refuses invalid settings with InvalidArgumentError', () => {
    const invalid = [
      () => new PercentilePruner(101),
      () => new MedianPruner({ nStartupTrials: -1 }),
      () => new MedianPruner({ intervalSteps: 0 }),
      () => new MedianPruner({ nMinTrials: 0 }),
      () => new ThresholdPruner({}),
      () => new ThresholdPruner({ lower: 2, upper: 1 }),
      () => new SuccessiveHalvingPruner({ reductionFactor: 1 }),
      () => new SuccessiveHalvingPruner({ minResource: 0 }),
      () => new SuccessiveHalvingPruner({ bootstrapCount: 1 }),
      () => new HyperbandPruner({ bootstrapCount: 1 }),
      () => new PatientPruner(null, { patience: -1 }),
      () => new PatientPruner(null, { patience: 1, minDelta: -0.1 }),
    ];
    for (const build of invalid) {
      let caught: unknown;
      try {
        build();
      } catch (error) {
        caught = error;
      }
      expect(InvalidArgumentError.isInstance(caught)).toBe(true);
    }
  });
});

describe('helpers', () => {
  it('crc32 equals Python binascii.crc32', () => {
    expect(crc32('')).toBe(0);
    expect(crc32('123456789')).toBe(0xcbf43926);
    // Values from Python: binascii.crc32(s.encode()).
    expect(crc32('golden-pruners_0')).toBe(301386713);
    expect(crc32('日本_12')).toBe(634324578);
  });

  it('nanPercentile interpolates linearly and ignores NaN', () => {
    expect(nanPercentile([3, 1, 2, Number.NaN], 50)).toBe(2);
    expect(nanPercentile([1, 2, 3, 4], 25)).toBe(1.75);
    expect(nanPercentile([Number.NaN], 50)).toBeNaN();
  });

  it('prunes a trial whose values are all NaN once enough trials completed', () => {
    const pruner = new MedianPruner({ nStartupTrials: 1 });
    const done = createFrozenTrial({
      number: 0,
      state: 'COMPLETE',
      intermediateValues: new Map([[0, 1]]),
    });
    const nan = createFrozenTrial({
      number: 1,
      state: 'RUNNING',
      intermediateValues: new Map([[0, Number.NaN]]),
    });
    const view: StudyView = { studyName: 's', directions: ['minimize'], trials: [done, nan] };
    expect(pruner.prune(view, nan)).toBe(true);
    expect(new MedianPruner({ nStartupTrials: 2 }).prune(view, nan)).toBe(false);
  });
});

class CountingSampler implements Sampler {
  readonly seen: number[] = [];
  inferRelativeSearchSpace(): Record<string, Distribution> {
    return {};
  }
  sampleRelative(): Record<string, number> {
    return {};
  }
  sampleIndependent(study: StudyView, _trial: FrozenTrial): number {
    this.seen.push(study.trials.length);
    return 0.5;
  }
}

describe('HyperbandPruner brackets', () => {
  it('shows the sampler only the trials of the same bracket once set up', async () => {
    const sampler = new CountingSampler();
    const pruner = new HyperbandPruner({ minResource: 1, maxResource: 27 });
    const study = await createStudy({ studyName: 'brackets', sampler, pruner });
    await study.optimize(
      async (trial) => {
        const x = trial.suggestFloat('x', 0, 1);
        await trial.report(x, 0);
        trial.shouldPrune();
        return x;
      },
      { nTrials: 30 },
    );
    const trials = await study.trials;
    const filtered = pruner.filterStudy(
      { studyName: 'brackets', directions: ['minimize'], trials },
      trials[29] as FrozenTrial,
    );
    expect(filtered.trials.length).toBeGreaterThan(0);
    expect(filtered.trials.length).toBeLessThan(30);
    expect(sampler.seen[29]).toBeLessThan(30);
    expect(sampler.seen.some((count, index) => count < index + 1)).toBe(true);
  });
});
