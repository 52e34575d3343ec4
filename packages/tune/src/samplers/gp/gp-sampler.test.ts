import { InvalidArgumentError } from '@dagnostics/core';
import { describe, expect, it } from 'vitest';
import { benchmarkFunctions, branin } from '../../../bench/functions';
import { contains } from '../../distributions';
import type { Distribution, FrozenTrial, Sampler, StudyView } from '../../types';
import { RandomSampler } from '../random';

const BRANIN_MINIMUM = benchmarkFunctions.find((fn) => fn.name === 'branin')?.optimum as number;

import { GPSampler } from './gp-sampler';
import { runSequentialStudy } from './sequential-study.test-support';
import { standardizeValues } from './standardize';

const braninSpace: Record<string, Distribution> = {
  x1: { kind: 'float', low: -5, high: 10, log: false, step: null },
  x2: { kind: 'float', low: 0, high: 15, log: false, step: null },
};

function braninRegret(sampler: Sampler, trials: number): number {
  const finished = runSequentialStudy({
    sampler,
    space: braninSpace,
    trials,
    objective: (params) => branin(params.x1 as number, params.x2 as number),
  });
  return Math.min(...finished.map((trial) => trial.values?.[0] as number)) - BRANIN_MINIMUM;
}

function median(values: number[]): number {
  const sorted = [...values].sort((a, b) => a - b);
  return sorted[Math.floor(sorted.length / 2)] as number;
}

/** Records which parameters each trial got from the independent sampler. */
class CountingSampler implements Sampler {
  readonly inner = new RandomSampler({ seed: 99 });
  readonly independentCalls: string[] = [];
  beforeTrialCalls = 0;
  afterTrialCalls = 0;
  inferRelativeSearchSpace(): Record<string, Distribution> {
    return {};
  }
  sampleRelative(): Record<string, number> {
    return {};
  }
  sampleIndependent(
    study: StudyView,
    trial: FrozenTrial,
    name: string,
    distribution: Distribution,
  ): number {
    this.independentCalls.push(`${trial.number}:${name}`);
    return this.inner.sampleIndependent(study, trial, name, distribution);
  }
  beforeTrial(): void {
    this.beforeTrialCalls++;
  }
  afterTrial(): void {
    this.afterTrialCalls++;
  }
}

describe('GPSampler', () => {
  it('reaches a Branin regret below 0.05 (median of 5 seeds) in 30 trials, where random search does not', () => {
    const seeds = [0, 1, 2, 3, 4];
    const gp = seeds.map((seed) => braninRegret(new GPSampler({ seed }), 30));
    const random = seeds.map((seed) => braninRegret(new RandomSampler({ seed }), 30));
    expect(median(gp)).toBeLessThan(0.05);
    expect(median(random)).toBeGreaterThan(0.05);
  });

  it('maximises when the study direction is maximize', () => {
    const finished = runSequentialStudy({
      sampler: new GPSampler({ seed: 3 }),
      space: braninSpace,
      trials: 30,
      direction: 'maximize',
      objective: (params) => -branin(params.x1 as number, params.x2 as number),
    });
    const best = Math.max(...finished.map((trial) => trial.values?.[0] as number));
    expect(-best - BRANIN_MINIMUM).toBeLessThan(0.1);
  });

  it('is deterministic for a seed, and reseed restarts the stream', () => {
    const run = (sampler: GPSampler) =>
      runSequentialStudy({
        sampler,
        space: braninSpace,
        trials: 14,
        objective: (params) => branin(params.x1 as number, params.x2 as number),
      }).map((trial) => trial.params);
    const first = run(new GPSampler({ seed: 7 }));
    expect(run(new GPSampler({ seed: 7 }))).toEqual(first);
    expect(run(new GPSampler({ seed: 8 }))).not.toEqual(first);
    const reseeded = new GPSampler({ seed: 8 });
    reseeded.reseed(7);
    expect(run(reseeded)).toEqual(first);
  });

  it('uses the independent sampler for the startup trials and forwards trial hooks', () => {
    const independent = new CountingSampler();
    runSequentialStudy({
      sampler: new GPSampler({ seed: 1, nStartupTrials: 4, independentSampler: independent }),
      space: braninSpace,
      trials: 7,
      objective: (params) => branin(params.x1 as number, params.x2 as number),
    });
    expect(independent.independentCalls).toEqual(
      [0, 1, 2, 3].flatMap((number) => [`${number}:x1`, `${number}:x2`]),
    );
    expect(independent.beforeTrialCalls).toBe(7);
    expect(independent.afterTrialCalls).toBe(7);
  });

  it('sends conditional parameters to the independent sampler and models the shared ones', () => {
    const independent = new CountingSampler();
    const space: Record<string, Distribution> = {
      ...braninSpace,
      extra: { kind: 'float', low: 0, high: 1, log: false, step: null },
    };
    const sampler = new GPSampler({ seed: 2, nStartupTrials: 3, independentSampler: independent });
    // Only the last trial has `extra`, so it is not in the intersection search space.
    const finished = runSequentialStudy({
      sampler,
      space: braninSpace,
      trials: 3,
      objective: (params) => branin(params.x1 as number, params.x2 as number),
    });
    const odd: FrozenTrial = {
      ...(finished[0] as FrozenTrial),
      number: 3,
      trialId: 3,
      params: { ...(finished[0] as FrozenTrial).params, extra: 0.5 },
      distributions: space,
    };
    const view: StudyView = {
      studyName: 's',
      directions: ['minimize'],
      trials: [...finished, odd],
    };
    const relativeSpace = sampler.inferRelativeSearchSpace(view, odd);
    expect(Object.keys(relativeSpace)).toEqual(['x1', 'x2']);
    const relative = sampler.sampleRelative(view, odd, relativeSpace);
    expect(Object.keys(relative).sort()).toEqual(['x1', 'x2']);
    sampler.sampleIndependent(view, odd, 'extra', space.extra as Distribution);
    expect(independent.independentCalls.at(-1)).toBe('3:extra');
  });

  it('proposes valid values for log, stepped, int and categorical parameters', () => {
    const space: Record<string, Distribution> = {
      kernel: { kind: 'categorical', choices: ['linear', 'rbf', 'poly'] },
      lr: { kind: 'float', low: 1e-5, high: 1, log: true, step: null },
      batch: { kind: 'int', low: 16, high: 512, log: true, step: 1 },
      dropout: { kind: 'float', low: 0, high: 0.5, log: false, step: 0.05 },
      depth: { kind: 'int', low: 1, high: 8, log: false, step: 1 },
      fixed: { kind: 'int', low: 3, high: 3, log: false, step: 1 },
    };
    const kernelCost: Record<string, number> = { linear: 1, rbf: 0, poly: 0.3 };
    const sampler = new GPSampler({ seed: 5, nStartupTrials: 5 });
    const finished = runSequentialStudy({
      sampler,
      space,
      trials: 20,
      objective: (p) =>
        (kernelCost[p.kernel as string] as number) +
        (Math.log10(p.lr as number) + 2.5) ** 2 +
        0.125 * (Math.log2(p.batch as number) - 6) ** 2 +
        4 * ((p.dropout as number) - 0.2) ** 2 +
        0.1 * Math.abs((p.depth as number) - 4),
    });
    for (const trial of finished.slice(5)) {
      for (const [name, distribution] of Object.entries(space)) {
        const value = trial.params[name];
        const internal =
          distribution.kind === 'categorical'
            ? distribution.choices.indexOf(value as string)
            : (value as number);
        expect(contains(distribution, internal)).toBe(true);
      }
    }
    const view: StudyView = { studyName: 's', directions: ['minimize'], trials: finished };
    // Single-value parameters are left to the independent sampler, as Optuna does.
    expect(Object.keys(sampler.inferRelativeSearchSpace(view, finished[0] as FrozenTrial))).toEqual(
      ['batch', 'depth', 'dropout', 'kernel', 'lr'],
    );
    const best = Math.min(...finished.map((trial) => trial.values?.[0] as number));
    const bestRandom = Math.min(
      ...finished.slice(0, 5).map((trial) => trial.values?.[0] as number),
    );
    expect(best).toBeLessThan(bestRandom);
  });

  it('steers away from the point a running trial is already evaluating', () => {
    const finished = runSequentialStudy({
      sampler: new RandomSampler({ seed: 6 }),
      space: braninSpace,
      trials: 12,
      objective: (params) => branin(params.x1 as number, params.x2 as number),
    });
    const asking: FrozenTrial = {
      ...(finished[0] as FrozenTrial),
      number: 13,
      trialId: 13,
      state: 'RUNNING',
      values: null,
      params: {},
    };
    const alone: StudyView = {
      studyName: 's',
      directions: ['minimize'],
      trials: [...finished, asking],
    };
    const first = new GPSampler({ seed: 1 }).sampleRelative(alone, asking, braninSpace);
    const running: FrozenTrial = { ...asking, number: 12, trialId: 12, params: { ...first } };
    const withRunning: StudyView = { ...alone, trials: [...finished, running, asking] };
    const second = new GPSampler({ seed: 1 }).sampleRelative(withRunning, asking, braninSpace);
    // Same seed and data: only the running trial differs, and it pushes the proposal away.
    expect(new GPSampler({ seed: 1 }).sampleRelative(alone, asking, braninSpace)).toEqual(first);
    const distance = Math.hypot(
      ((second.x1 as number) - (first.x1 as number)) / 15,
      ((second.x2 as number) - (first.x2 as number)) / 15,
    );
    expect(distance).toBeGreaterThan(0.01);
  });

  it('models from the first complete trial when nStartupTrials is 0 or 1', () => {
    for (const nStartupTrials of [0, 1]) {
      const independent = new CountingSampler();
      const finished = runSequentialStudy({
        sampler: new GPSampler({ seed: 3, nStartupTrials, independentSampler: independent }),
        space: braninSpace,
        trials: 4,
        objective: (params) => branin(params.x1 as number, params.x2 as number),
      });
      // Only trial 0 has no complete trial to model (its search space is empty).
      expect(independent.independentCalls).toEqual(['0:x1', '0:x2']);
      for (const trial of finished) expect(Number.isFinite(trial.values?.[0])).toBe(true);
    }
  });

  it('rejects an invalid nStartupTrials or seed', () => {
    for (const options of [{ nStartupTrials: -1 }, { nStartupTrials: 2.5 }, { seed: -3 }]) {
      expect(() => new GPSampler(options)).toThrow();
      try {
        new GPSampler(options);
      } catch (error) {
        expect(InvalidArgumentError.isInstance(error)).toBe(true);
      }
    }
  });

  it('leaves multi-objective studies and empty spaces to the independent sampler', () => {
    const finished = runSequentialStudy({
      sampler: new RandomSampler({ seed: 1 }),
      space: braninSpace,
      trials: 12,
      objective: (params) => branin(params.x1 as number, params.x2 as number),
    });
    const sampler = new GPSampler({ seed: 1 });
    const multi: StudyView = {
      studyName: 's',
      directions: ['minimize', 'maximize'],
      trials: finished.map((trial) => ({ ...trial, values: [trial.values?.[0] as number, 1] })),
    };
    const single: StudyView = { studyName: 's', directions: ['minimize'], trials: finished };
    const trial = finished[0] as FrozenTrial;
    expect(sampler.sampleRelative(multi, trial, braninSpace)).toEqual({});
    expect(sampler.sampleRelative(single, trial, {})).toEqual({});
    expect(Object.keys(sampler.sampleRelative(single, trial, braninSpace))).toEqual(['x1', 'x2']);
  });

  it('fits a noise-free model when deterministicObjective is set', () => {
    const run = (deterministicObjective: boolean) =>
      runSequentialStudy({
        sampler: new GPSampler({ seed: 4, deterministicObjective }),
        space: braninSpace,
        trials: 13,
        objective: (params) => branin(params.x1 as number, params.x2 as number),
      }).map((trial) => trial.params);
    const deterministic = run(true);
    expect(deterministic.slice(0, 10)).toEqual(run(false).slice(0, 10));
    expect(deterministic.slice(10)).not.toEqual(run(false).slice(10));
  });
});

describe('standardizeValues', () => {
  it('centres and scales by the population standard deviation', () => {
    expect(Array.from(standardizeValues([1, 2, 3]))).toEqual([-Math.sqrt(1.5), 0, Math.sqrt(1.5)]);
  });

  it('clips infinities to the finite extremes and leaves constant values centred', () => {
    const standardized = standardizeValues([
      Number.NEGATIVE_INFINITY,
      0,
      2,
      Number.POSITIVE_INFINITY,
    ]);
    expect(standardized[0]).toBe(standardized[1]);
    expect(standardized[3]).toBe(standardized[2]);
    expect(Array.from(standardizeValues([5, 5]))).toEqual([0, 0]);
    expect(Array.from(standardizeValues([Number.POSITIVE_INFINITY]))).toEqual([0]);
  });
});
