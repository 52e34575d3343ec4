import { InvalidArgumentError } from '@dagnostics/core';
import { describe, expect, it } from 'vitest';
import { toExternal } from '../../distributions/representation';
import { createFrozenTrial } from '../../trial/frozen-trial';
import type {
  CategoricalChoice,
  Distribution,
  FrozenTrial,
  JsonValue,
  Sampler,
  StudyDirection,
  StudyView,
} from '../../types';
import { RandomSampler } from '../random';
import {
  RELATIVE_PARAMS_KEY,
  readRelativeParams,
  relativeParamsSystemAttrs,
  TPESampler,
  type TPESamplerOptions,
} from './tpe-sampler';

type Suggest = (name: string, distribution: Distribution) => number | CategoricalChoice;

interface Study extends StudyView {
  trials: FrozenTrial[];
}

function makeTrial(number: number, fields: Partial<FrozenTrial> = {}): FrozenTrial {
  return createFrozenTrial({ number, trialId: number, state: 'RUNNING', ...fields });
}

/** A minimal ask/tell loop: relative sampling first, then define-by-run suggestions. */
function runStudy(
  sampler: Sampler,
  objective: (suggest: Suggest) => number | number[],
  nTrials: number,
  directions: StudyDirection[] = ['minimize'],
): Study {
  const study: Study = { studyName: 's', directions, trials: [] };
  for (let number = 0; number < nTrials; number++) {
    let trial = makeTrial(number);
    study.trials.push(trial);
    const space = sampler.inferRelativeSearchSpace(study, trial);
    const relative = sampler.sampleRelative(study, trial, space);
    const systemAttrs: Record<string, JsonValue> =
      sampler instanceof TPESampler ? sampler.takePendingSystemAttrs(trial) : {};
    const params: Record<string, number | CategoricalChoice> = {};
    const distributions: Record<string, Distribution> = {};
    trial = makeTrial(number, { systemAttrs });
    study.trials[number] = trial;
    const suggest: Suggest = (name, distribution) => {
      const internal =
        name in relative && name in space
          ? (relative[name] as number)
          : sampler.sampleIndependent(study, trial, name, distribution);
      const value = toExternal(distribution, internal);
      params[name] = value;
      distributions[name] = distribution;
      trial = makeTrial(number, {
        params: { ...params },
        distributions: { ...distributions },
        systemAttrs,
      });
      study.trials[number] = trial;
      return value;
    };
    const result = objective(suggest);
    const values = Array.isArray(result) ? result : [result];
    study.trials[number] = makeTrial(number, {
      state: 'COMPLETE',
      values,
      params,
      distributions,
      systemAttrs,
    });
  }
  return study;
}

const X: Distribution = { kind: 'float', low: -10, high: 10, log: false, step: null };

function quadratic(suggest: Suggest): number {
  const x = suggest('x', X) as number;
  return (x - 2) ** 2;
}

function best(study: Study): number {
  return Math.min(...study.trials.map((t) => t.values?.[0] ?? Number.POSITIVE_INFINITY));
}

function median(values: number[]): number {
  const sorted = [...values].sort((a, b) => a - b);
  const mid = sorted.length / 2;
  return sorted.length % 2 === 1
    ? (sorted[Math.floor(mid)] as number)
    : ((sorted[mid - 1] as number) + (sorted[mid] as number)) / 2;
}

describe('TPESampler', () => {
  it('beats random search on a 1-D quadratic (median best of 10 seeds, 60 trials)', () => {
    const tpe: number[] = [];
    const random: number[] = [];
    for (let seed = 0; seed < 10; seed++) {
      tpe.push(best(runStudy(new TPESampler({ seed }), quadratic, 60)));
      random.push(best(runStudy(new RandomSampler({ seed }), quadratic, 60)));
    }
    expect(median(tpe)).toBeLessThan(median(random));
    expect(median(tpe)).toBeLessThan(1e-2);
  });

  it('gives an identical sequence for the same seed and a different one for another seed', () => {
    const objective = (suggest: Suggest): number => {
      const x = suggest('x', X) as number;
      const n = suggest('n', { kind: 'int', low: 1, high: 100, log: true, step: 1 }) as number;
      const c = suggest('c', { kind: 'categorical', choices: ['a', 'b', null] });
      return x * x + Math.log(n) + (c === 'a' ? 0 : 1);
    };
    const params = (seed: number) =>
      runStudy(new TPESampler({ seed }), objective, 30).trials.map((t) => t.params);
    expect(params(5)).toEqual(params(5));
    expect(params(5)).not.toEqual(params(6));
  });

  it('uses RandomSampler with the same seed for the startup trials', () => {
    const tpe = runStudy(new TPESampler({ seed: 11 }), quadratic, 12);
    const random = runStudy(new RandomSampler({ seed: 11 }), quadratic, 12);
    expect(tpe.trials.slice(0, 10).map((t) => t.params)).toEqual(
      random.trials.slice(0, 10).map((t) => t.params),
    );
    expect(tpe.trials[10]?.params).not.toEqual(random.trials[10]?.params);
  });

  it('samples the multivariate space jointly and shares it through system attrs', () => {
    const objective = (suggest: Suggest): number => {
      const x = suggest('x', X) as number;
      const y = suggest('y', {
        kind: 'float',
        low: 1e-3,
        high: 1,
        log: true,
        step: null,
      }) as number;
      return x * x + Math.abs(Math.log10(y) + 2);
    };
    const study = runStudy(new TPESampler({ seed: 1 }), objective, 20);
    const trial = study.trials[15] as FrozenTrial;
    const shared = readRelativeParams(trial);
    expect(shared).toEqual(trial.params);
    // During startup nothing is shared.
    expect(readRelativeParams(study.trials[3] as FrozenTrial)).toBeNull();
    // Independent mode shares nothing.
    const independent = runStudy(new TPESampler({ seed: 1, multivariate: false }), objective, 15);
    expect(readRelativeParams(independent.trials[14] as FrozenTrial)).toBeNull();
  });

  it('chunks relative params like Optuna and reads them back', () => {
    const params: Record<string, number | CategoricalChoice> = {};
    for (let i = 0; i < 200; i++) params[`parameter_${i}`] = i + 0.123456789;
    const attrs = relativeParamsSystemAttrs(params);
    const keys = Object.keys(attrs);
    expect(keys.length).toBeGreaterThan(1);
    expect(keys[0]).toBe(`${RELATIVE_PARAMS_KEY}:0`);
    expect(Object.values(attrs).every((chunk) => chunk.length <= 2045)).toBe(true);
    expect(readRelativeParams(makeTrial(0, { systemAttrs: attrs }))).toEqual(params);
    const broken = { ...attrs, [`${RELATIVE_PARAMS_KEY}:1`]: '' };
    expect(readRelativeParams(makeTrial(0, { systemAttrs: broken }))).toBeNull();
  });

  it('constant liar steers away from a RUNNING trial’s shared point', () => {
    // Ten completed trials around x = 0 plus many running workers parked at x = 0.
    const study: Study = { studyName: 's', directions: ['minimize'], trials: [] };
    for (let i = 0; i < 20; i++) {
      const x = -9 + i * 0.9;
      study.trials.push(
        makeTrial(i, {
          state: 'COMPLETE',
          values: [Math.abs(x)],
          params: { x },
          distributions: { x: X },
        }),
      );
    }
    for (let i = 20; i < 60; i++) {
      study.trials.push(makeTrial(i, { systemAttrs: relativeParamsSystemAttrs({ x: 0 }) }));
    }
    const current = makeTrial(60);
    study.trials.push(current);
    const distance = (options: TPESamplerOptions): number => {
      let total = 0;
      for (let seed = 0; seed < 20; seed++) {
        const sampler = new TPESampler({ seed, ...options });
        const space = sampler.inferRelativeSearchSpace(study, current);
        total += Math.abs(sampler.sampleRelative(study, current, space).x as number);
      }
      return total;
    };
    expect(distance({ constantLiar: true })).toBeGreaterThan(distance({ constantLiar: false }));
  });

  it('handles conditional spaces in group mode and multi-objective studies', () => {
    const conditional = (suggest: Suggest): number => {
      const kind = suggest('kind', { kind: 'categorical', choices: ['a', 'b'] });
      if (kind === 'a') return (suggest('y', X) as number) ** 2;
      return (
        1 + (suggest('z', { kind: 'int', low: -5, high: 5, log: false, step: 1 }) as number) ** 2
      );
    };
    const grouped = runStudy(new TPESampler({ seed: 3, group: true }), conditional, 40);
    expect(grouped.trials.every((t) => t.state === 'COMPLETE')).toBe(true);
    expect(best(grouped)).toBeLessThan(1);

    const twoObjectives = (suggest: Suggest): number[] => {
      const x = suggest('x', { kind: 'float', low: 0, high: 1, log: false, step: null }) as number;
      const y = suggest('y', { kind: 'float', low: 0, high: 1, log: false, step: null }) as number;
      return [x, 1 - x + y];
    };
    const sampler = new TPESampler({ seed: 4 });
    const study = runStudy(sampler, twoObjectives, 40, ['minimize', 'minimize']);
    expect(sampler.isMultivariate(study)).toBe(false);
    const ys = study.trials.slice(20).map((t) => t.params.y as number);
    expect(median(ys)).toBeLessThan(0.3);
  });

  it('treats PRUNED and infeasible trials as the study stores them', () => {
    const study: Study = { studyName: 's', directions: ['minimize'], trials: [] };
    for (let i = 0; i < 30; i++) {
      const x = -10 + (20 * i) / 29;
      // Feasible only for x > 5, where the objective is worse: TPE must go there.
      study.trials.push(
        makeTrial(i, {
          state: 'COMPLETE',
          values: [x],
          params: { x },
          distributions: { x: X },
          systemAttrs: { 'constraints:c': 5 - x },
        }),
      );
    }
    const current = makeTrial(30);
    study.trials.push(current);
    let above = 0;
    for (let seed = 0; seed < 10; seed++) {
      const value = new TPESampler({ seed }).sampleIndependent(study, current, 'x', X);
      if (value > 4) above += 1;
    }
    expect(above).toBeGreaterThanOrEqual(8);
  });

  it('rejects invalid options with InvalidArgumentError', () => {
    const bad: TPESamplerOptions[] = [
      { nStartupTrials: -1 },
      { nStartupTrials: 1.5 },
      { nEiCandidates: 0 },
      { priorWeight: -1 },
      { priorWeight: Number.NaN },
      { seed: -3 },
      { group: true, multivariate: false },
      { gamma: 3 as unknown as (n: number) => number },
      { constantLiar: 'yes' as unknown as boolean },
    ];
    for (const options of bad) {
      expect(() => new TPESampler(options), JSON.stringify(options)).toThrow(InvalidArgumentError);
    }
    expect(() => new TPESampler().reseed(-1)).toThrow(InvalidArgumentError);
  });

  it('reseed restarts the sequence', () => {
    const a = new TPESampler({ seed: 1 });
    a.reseed(9);
    const first = runStudy(a, quadratic, 15).trials.map((t) => t.params);
    const second = runStudy(new TPESampler({ seed: 9 }), quadratic, 15).trials.map((t) => t.params);
    expect(first).toEqual(second);
  });
});
