import { InvalidArgumentError } from '@dagnostics/core';
import { describe, expect, it } from 'vitest';
import { createStudy } from '../../study/create-study';
import type { Study } from '../../study/study';
import { createFrozenTrial } from '../../trial/frozen-trial';
import type { Trial } from '../../trial/trial';
import type { Distribution, FrozenTrial, Sampler, StudyView } from '../../types';
import { RandomSampler } from '../random';
import { hypervolume } from '../tpe/hypervolume';
import { BLXAlphaCrossover, SBXCrossover } from './crossover';
import { selectElitePopulation } from './elite-selection';
import { NSGA2_GENERATION_KEY, NSGAIISampler } from './nsga2-sampler';

function zdt1(trial: Trial): number[] {
  const x = [0, 1, 2, 3, 4].map((i) => trial.suggestFloat(`x${i}`, 0, 1));
  const f1 = x[0] as number;
  const g = 1 + (9 * x.slice(1).reduce((a, b) => a + b, 0)) / 4;
  return [f1, g * (1 - Math.sqrt(f1 / g))];
}

async function run(
  sampler: Sampler,
  nTrials: number,
  objective: (trial: Trial) => number[] = zdt1,
): Promise<Study> {
  const study = await createStudy({ directions: ['minimize', 'minimize'], sampler });
  await study.optimize(objective, { nTrials });
  return study;
}

async function frontHypervolume(study: Study): Promise<number> {
  const points = (await study.bestTrials).map((trial) => trial.values as number[]);
  return hypervolume(
    points.filter((p) => (p[0] as number) <= 1.1 && (p[1] as number) <= 11),
    [1.1, 11],
  );
}

function generationOf(trial: FrozenTrial): unknown {
  return trial.systemAttrs[NSGA2_GENERATION_KEY];
}

describe('NSGAIISampler in a study', () => {
  it('beats random search on ZDT1 (5 variables, 200 trials) by hypervolume', async () => {
    for (const seed of [1, 2, 3]) {
      const nsga = await frontHypervolume(
        await run(new NSGAIISampler({ seed, populationSize: 20 }), 200),
      );
      const random = await frontHypervolume(await run(new RandomSampler({ seed }), 200));
      expect(nsga, `seed ${seed}`).toBeGreaterThan(random + 0.3);
    }
  }, 60_000);

  it('beats random search with the default population of 50 (500 trials)', async () => {
    const nsga = await frontHypervolume(await run(new NSGAIISampler({ seed: 3 }), 500));
    const random = await frontHypervolume(await run(new RandomSampler({ seed: 3 }), 500));
    expect(nsga).toBeGreaterThan(random + 0.3);
  }, 60_000);

  it('repeats exactly with the same seed and differs with another', async () => {
    const snapshot = async (seed: number) =>
      (await (await run(new NSGAIISampler({ seed, populationSize: 10 }), 45)).trials).map(
        (trial) => [trial.params, generationOf(trial)],
      );
    const first = await snapshot(5);
    expect(await snapshot(5)).toEqual(first);
    expect(await snapshot(6)).not.toEqual(first);
  }, 60_000);

  it('stores generations as Optuna does: populationSize COMPLETE trials per generation', async () => {
    const study = await run(new NSGAIISampler({ seed: 1, populationSize: 8 }), 30);
    const generations = (await study.trials).map(generationOf);
    expect(generations).toEqual(Array.from({ length: 30 }, (_, i) => Math.floor(i / 8)));
  }, 60_000);

  it('counts only COMPLETE trials towards a generation', async () => {
    const sampler = new NSGAIISampler({ seed: 1, populationSize: 4 });
    const study = await createStudy({ directions: ['minimize', 'minimize'], sampler });
    let calls = 0;
    await study.optimize(
      (trial) => {
        calls += 1;
        const x = trial.suggestFloat('x', 0, 1);
        if (calls % 2 === 0) throw new Error('boom');
        return [x, 1 - x];
      },
      { nTrials: 12 },
    );
    const trials = await study.trials;
    expect(trials.map((trial) => trial.state)).toEqual(
      Array.from({ length: 12 }, (_, i) => (i % 2 === 0 ? 'COMPLETE' : 'FAIL')),
    );
    // Generation 0 closes with its 4th COMPLETE trial (number 6), failed ones notwithstanding.
    expect(trials.map(generationOf)).toEqual([0, 0, 0, 0, 0, 0, 0, 1, 1, 1, 1, 1]);
  }, 60_000);

  it('draws children from the elite of the previous generation', async () => {
    const sampler = new NSGAIISampler({
      seed: 2,
      populationSize: 6,
      mutationProb: 0,
      crossoverProb: 1,
    });
    const study = await run(sampler, 18, (trial) => {
      const x = trial.suggestFloat('x', 0, 1);
      const k = trial.suggestCategorical('k', ['a', 'b', 'c']);
      const y = trial.suggestInt('y', 0, 100);
      return [x + (k === 'a' ? 0 : 0.5), y / 100 - x];
    });
    const trials = await study.trials;
    const view: StudyView = { studyName: study.studyName, directions: study.directions, trials };
    const parents = sampler.parentPopulation(view, 1);
    const elite = selectElitePopulation(
      trials.filter((trial) => generationOf(trial) === 0),
      study.directions,
      6,
    );
    expect(parents.map((trial) => trial.number).sort()).toEqual(
      elite.map((trial) => trial.number).sort(),
    );
    // Uniform crossover without mutation: every value comes from one of the parents.
    for (const child of trials.filter((trial) => generationOf(trial) === 1)) {
      for (const name of ['x', 'k', 'y']) {
        expect(parents.map((parent) => parent.params[name])).toContain(child.params[name]);
      }
    }
  }, 60_000);

  it('keeps feasible trials as parents under constraints (constrained domination)', async () => {
    const sampler = new NSGAIISampler({ seed: 4, populationSize: 10 });
    const study = await run(sampler, 30, (trial) => {
      const x = trial.suggestFloat('x', 0, 1);
      const y = trial.suggestFloat('y', 0, 1);
      // Feasible only when x + y >= 1; the infeasible region holds the better objectives.
      trial.setConstraint('c', 1 - x - y);
      return [x, y];
    });
    const trials = await study.trials;
    const view: StudyView = { studyName: study.studyName, directions: study.directions, trials };
    const feasibleInGeneration0 = trials.filter(
      (trial) =>
        generationOf(trial) === 0 &&
        1 - (trial.params.x as number) - (trial.params.y as number) <= 0,
    ).length;
    const parents = sampler.parentPopulation(view, 1);
    const feasibleParents = parents.filter(
      (trial) => 1 - (trial.params.x as number) - (trial.params.y as number) <= 0,
    ).length;
    expect(feasibleInGeneration0).toBeGreaterThan(0);
    expect(feasibleParents).toBe(Math.min(10, feasibleInGeneration0));
  }, 60_000);

  it('works with SBX and BLX-α crossovers and keeps values in range', async () => {
    for (const crossover of [new SBXCrossover(), new BLXAlphaCrossover(0.5)]) {
      const study = await run(
        new NSGAIISampler({ seed: 9, populationSize: 10, crossover }),
        40,
        (trial) => {
          const x = trial.suggestFloat('x', 1e-3, 10, { log: true });
          const n = trial.suggestInt('n', 1, 7);
          const s = trial.suggestFloat('s', -1, 1, { step: 0.25 });
          const z = trial.suggestFloat('z', 0, 1);
          return [Math.log(x) + n + s, z - s];
        },
      );
      for (const trial of await study.trials) {
        const { x, n, s, z } = trial.params as Record<'x' | 'n' | 's' | 'z', number>;
        expect(x).toBeGreaterThanOrEqual(1e-3);
        expect(x).toBeLessThan(10);
        expect(Number.isInteger(n) && n >= 1 && n <= 7).toBe(true);
        expect(Number.isInteger(s / 0.25) && s >= -1 && s <= 1).toBe(true);
        expect(z >= 0 && z < 1).toBe(true);
      }
    }
  }, 60_000);
});

describe('NSGAIISampler unit behaviour', () => {
  const space: Record<string, Distribution> = {
    x: { kind: 'float', low: 0, high: 1, log: false, step: null },
  };

  it('stores the generation through takePendingSystemAttrs when trialSystemAttrs was not called', () => {
    const sampler = new NSGAIISampler({ seed: 1, populationSize: 2 });
    const complete = [0, 1].map((number) =>
      createFrozenTrial({
        number,
        trialId: number,
        state: 'COMPLETE',
        values: [number, 1 - number],
        params: { x: number * 0.5 },
        distributions: space,
        systemAttrs: { [NSGA2_GENERATION_KEY]: 0 },
      }),
    );
    const running = createFrozenTrial({ number: 2, trialId: 2, state: 'RUNNING' });
    const view: StudyView = {
      studyName: 's',
      directions: ['minimize', 'minimize'],
      trials: [...complete, running],
    };
    const params = sampler.sampleRelative(
      view,
      running,
      sampler.inferRelativeSearchSpace(view, running),
    );
    expect(sampler.takePendingSystemAttrs(running)).toEqual({ [NSGA2_GENERATION_KEY]: 1 });
    expect(sampler.takePendingSystemAttrs(running)).toEqual({});
    for (const value of Object.values(params)) expect([0, 0.5]).toContain(value);
  });

  it('rejects invalid options', () => {
    const bad = [
      { populationSize: 1 },
      { populationSize: 2.5 },
      { mutationProb: 1.5 },
      { crossoverProb: -0.1 },
      { swappingProb: 2 },
    ];
    for (const options of bad) {
      expect(() => new NSGAIISampler(options), JSON.stringify(options)).toThrow(
        InvalidArgumentError,
      );
    }
    expect(() => new SBXCrossover({ eta: -1 })).toThrow(InvalidArgumentError);
    expect(() => new SBXCrossover({ useChildGeneProb: 0 })).toThrow(InvalidArgumentError);
    expect(() => new BLXAlphaCrossover(-1)).toThrow(InvalidArgumentError);
  });
});
