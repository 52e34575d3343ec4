import { describe, expect, it } from 'vitest';
import { createStudy } from '../study/create-study';
import { createFrozenTrial } from '../trial/frozen-trial';
import type { Trial } from '../trial/trial';
import type { Distribution, FrozenTrial, JsonValue, StudyDirection, StudyView } from '../types';
import { AUTO_SAMPLER_KEY, AutoSampler } from './auto-sampler';
import { NSGA2_GENERATION_KEY } from './nsga2/nsga2-sampler';
import { RELATIVE_PARAMS_KEY } from './tpe/tpe-sampler';

const floatX: Distribution = { kind: 'float', low: 0, high: 1, log: false, step: null };
const floatY: Distribution = { kind: 'float', low: -1, high: 1, log: false, step: null };
const color: Distribution = { kind: 'categorical', choices: ['r', 'g'] };

/** `n` COMPLETE trials over x (and y), values derived from the number. */
function completeTrials(
  n: number,
  nObjectives: number,
  extra: (i: number) => Partial<FrozenTrial> = () => ({}),
): FrozenTrial[] {
  return Array.from({ length: n }, (_, i) =>
    createFrozenTrial({
      number: i,
      trialId: i,
      state: 'COMPLETE',
      values: Array.from({ length: nObjectives }, (_, k) => ((i * (k + 3)) % 17) / 17),
      params: { x: (i % 10) / 10, y: ((i % 7) - 3) / 4 },
      distributions: { x: floatX, y: floatY },
      ...extra(i),
    }),
  );
}

function view(trials: FrozenTrial[], directions: StudyDirection[] = ['minimize']): StudyView {
  return { studyName: 'auto', directions, trials };
}

describe('AutoSampler.chooseSampler', () => {
  const sampler = new AutoSampler({ seed: 0 });
  const choose = (trials: FrozenTrial[], directions?: StudyDirection[]) =>
    sampler.chooseSampler(view(trials, directions));

  it('starts with random search until a trial is COMPLETE', () => {
    expect(choose([])).toBe('RandomSampler');
    expect(choose([createFrozenTrial({ state: 'FAIL' })])).toBe('RandomSampler');
  });

  it('single objective: GP for numeric spaces below 250 trials, then TPE', () => {
    expect(choose(completeTrials(1, 1))).toBe('GPSampler');
    expect(choose(completeTrials(249, 1))).toBe('GPSampler');
    expect(choose(completeTrials(250, 1))).toBe('TPESampler');
  });

  it('single objective: TPE for categorical, conditional or constrained studies', () => {
    const categorical = completeTrials(5, 1, (i) => ({
      params: { x: 0.5, c: i % 2 === 0 ? 'r' : 'g' },
      distributions: { x: floatX, c: color },
    }));
    expect(choose(categorical)).toBe('TPESampler');
    const conditional = completeTrials(5, 1, (i) =>
      i === 3 ? { params: { x: 0.1 }, distributions: { x: floatX } } : {},
    );
    expect(choose(conditional)).toBe('TPESampler');
    const constrained = completeTrials(5, 1, (i) =>
      i === 2 ? { systemAttrs: { 'constraints:c': 0.5 } } : {},
    );
    expect(choose(constrained)).toBe('TPESampler');
  });

  it('multi-objective: TPE below 250 trials, NSGA-II after, TPE for conditional or 4+ objectives', () => {
    const two: StudyDirection[] = ['minimize', 'maximize'];
    expect(choose(completeTrials(249, 2), two)).toBe('TPESampler');
    expect(choose(completeTrials(250, 2), two)).toBe('NSGAIISampler');
    const four: StudyDirection[] = ['minimize', 'minimize', 'minimize', 'minimize'];
    expect(choose(completeTrials(300, 4), four)).toBe('TPESampler');
    const conditional = completeTrials(300, 2, (i) =>
      i === 299 ? { params: { x: 0.1 }, distributions: { x: floatX } } : {},
    );
    expect(choose(conditional, two)).toBe('TPESampler');
    const categorical = completeTrials(260, 2, (i) => ({
      params: { x: 0.5, c: i % 2 === 0 ? 'r' : 'g' },
      distributions: { x: floatX, c: color },
    }));
    expect(choose(categorical, two)).toBe('NSGAIISampler');
  });
});

describe('AutoSampler forwarding', () => {
  it('hands over to NSGA-II with the TPE trials as generation 0 (warm start)', () => {
    const sampler = new AutoSampler({ seed: 1 });
    const past = completeTrials(260, 2, () => ({ systemAttrs: { [NSGA2_GENERATION_KEY]: 0 } }));
    const running = createFrozenTrial({ number: 260, trialId: 260, state: 'RUNNING' });
    const study = view([...past, running], ['minimize', 'minimize']);
    sampler.beforeTrial(study, running);
    const attrs = sampler.trialSystemAttrs(study, running);
    expect(attrs).toEqual({ [AUTO_SAMPLER_KEY]: 'NSGAIISampler', [NSGA2_GENERATION_KEY]: 1 });
    const started = createFrozenTrial({ ...running, systemAttrs: attrs });
    const space = sampler.inferRelativeSearchSpace(study, started);
    expect(Object.keys(space)).toEqual(['x', 'y']);
    const child = sampler.sampleRelative(study, started, space);
    // A child of the elite: every kept value is some generation-0 trial's value.
    for (const [name, value] of Object.entries(child)) {
      expect(past.map((trial) => trial.params[name])).toContain(value);
    }
  });

  it('marks multi-objective TPE and random trials as NSGA-II generation 0', () => {
    const sampler = new AutoSampler({ seed: 1 });
    const study = view(completeTrials(3, 2), ['minimize', 'minimize']);
    const trial = createFrozenTrial({ number: 3, trialId: 3, state: 'RUNNING' });
    sampler.beforeTrial(study, trial);
    expect(sampler.trialSystemAttrs(study, trial)).toEqual({
      [AUTO_SAMPLER_KEY]: 'TPESampler',
      [NSGA2_GENERATION_KEY]: 0,
    });
  });

  it('records the choice per trial and forwards TPE constant-liar attrs in a study', async () => {
    const study = await createStudy({ sampler: new AutoSampler({ seed: 3 }) });
    await study.optimize(
      (trial: Trial) => {
        const x = trial.suggestFloat('x', -2, 2);
        const c = trial.suggestCategorical('c', ['a', 'b']);
        return x * x + (c === 'a' ? 0 : 1);
      },
      { nTrials: 14 },
    );
    const trials = await study.trials;
    expect(trials.map((trial) => trial.systemAttrs[AUTO_SAMPLER_KEY])).toEqual([
      'RandomSampler',
      ...Array<JsonValue>(13).fill('TPESampler'),
    ]);
    // TPE samples jointly once 10 trials are finished and stores its constant-liar chunks.
    const withChunks = trials.filter(
      (trial) => trial.systemAttrs[`${RELATIVE_PARAMS_KEY}:0`] !== undefined,
    );
    expect(withChunks.map((trial) => trial.number)).toEqual([10, 11, 12, 13]);
  }, 60_000);

  it('uses GP for a numeric single-objective study and repeats exactly with a seed', async () => {
    const run = async (seed: number) => {
      const study = await createStudy({ sampler: new AutoSampler({ seed }) });
      await study.optimize(
        (trial: Trial) => {
          const x = trial.suggestFloat('x', -2, 2);
          const y = trial.suggestFloat('y', -2, 2);
          return (x - 1) ** 2 + (y + 0.5) ** 2;
        },
        { nTrials: 13 },
      );
      return study.trials;
    };
    const first = await run(8);
    expect(first.map((trial) => trial.systemAttrs[AUTO_SAMPLER_KEY])).toEqual([
      'RandomSampler',
      ...Array<JsonValue>(12).fill('GPSampler'),
    ]);
    const again = await run(8);
    expect(again.map((trial) => trial.params)).toEqual(first.map((trial) => trial.params));
    const other = await run(9);
    expect(other.map((trial) => trial.params)).not.toEqual(first.map((trial) => trial.params));
  }, 120_000);
});
