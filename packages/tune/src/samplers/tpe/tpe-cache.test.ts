import { describe, expect, it } from 'vitest';
import { createStudy } from '../../study/create-study';
import { createFrozenTrial } from '../../trial/frozen-trial';
import type { Trial } from '../../trial/trial';
import type { Distribution, FrozenTrial, StudyView } from '../../types';
import { TPESampler, type TPESamplerOptions } from './tpe-sampler';

/**
 * A TPE sampler that, on every call, also asks a fresh sampler with the same options (no
 * caches, no history of its own) and records whether the two agree bit for bit.
 */
class CheckedTPESampler extends TPESampler {
  readonly mismatches: string[] = [];
  comparisons = 0;
  /** Largest history seen by a compared TPE (non-startup) suggestion. */
  largestHistory = 0;

  constructor(readonly options: TPESamplerOptions) {
    super(options);
  }

  override inferRelativeSearchSpace(
    study: StudyView,
    trial: FrozenTrial,
  ): Record<string, Distribution> {
    const space = super.inferRelativeSearchSpace(study, trial);
    const fresh = new TPESampler(this.options).inferRelativeSearchSpace(study, trial);
    if (JSON.stringify(space) !== JSON.stringify(fresh)) {
      this.mismatches.push(`space of trial ${trial.number}`);
    }
    return space;
  }

  override sampleRelative(
    study: StudyView,
    trial: FrozenTrial,
    searchSpace: Record<string, Distribution>,
  ): Record<string, number> {
    const params = super.sampleRelative(study, trial, searchSpace);
    const fresh = new TPESampler(this.options).sampleRelative(study, trial, searchSpace);
    this.#compare(`relative params of trial ${trial.number}`, params, fresh, study);
    return params;
  }

  override sampleIndependent(
    study: StudyView,
    trial: FrozenTrial,
    name: string,
    distribution: Distribution,
  ): number {
    const value = super.sampleIndependent(study, trial, name, distribution);
    const fresh = new TPESampler(this.options).sampleIndependent(study, trial, name, distribution);
    this.#compare(`${name} of trial ${trial.number}`, { [name]: value }, { [name]: fresh }, study);
    return value;
  }

  #compare(
    what: string,
    a: Record<string, number>,
    b: Record<string, number>,
    study: StudyView,
  ): void {
    this.comparisons += 1;
    this.largestHistory = Math.max(this.largestHistory, study.trials.length);
    const keys = new Set([...Object.keys(a), ...Object.keys(b)]);
    for (const key of keys) {
      if (!Object.is(a[key], b[key])) {
        this.mismatches.push(`${what}: ${key} ${String(a[key])} vs ${String(b[key])}`);
      }
    }
  }
}

function objective(trial: Trial): number {
  const kind = trial.suggestCategorical('kind', ['a', 'b', 'c']);
  const lr = trial.suggestFloat('lr', 1e-4, 1, { log: true });
  const x = trial.suggestFloat('x', -3, 3);
  const n = trial.suggestInt('n', 1, 64, { log: true });
  const drop = trial.suggestFloat('drop', 0, 0.5, { step: 0.05 });
  let value = (Math.log10(lr) + 2) ** 2 + x * x + (Math.log2(n) - 3) ** 2 + (drop - 0.2) ** 2;
  if (kind === 'a') value += (trial.suggestFloat('ya', 0, 1) - 0.3) ** 2;
  else if (kind === 'b') value += 0.5 + trial.suggestInt('yb', 0, 4);
  return value;
}

async function checkedStudy(options: TPESamplerOptions, nTrials: number) {
  const sampler = new CheckedTPESampler(options);
  const study = await createStudy({ sampler });
  for (let i = 0; i < nTrials; i++) {
    const trial = await study.ask();
    const value = objective(trial);
    if (i % 17 === 5) continue; // left RUNNING: constant liar and an unfinished prefix
    if (i % 13 === 7) await study.tell(trial, { state: 'FAIL' });
    else if (i % 11 === 3) await study.tell(trial, { state: 'PRUNED' });
    else await study.tell(trial, value);
  }
  return sampler;
}

describe('TPESampler caches', () => {
  it('give the same suggestions as a fresh sampler (multivariate, constant liar)', async () => {
    const sampler = await checkedStudy({ seed: 7, nStartupTrials: 5 }, 90);
    expect(sampler.mismatches).toEqual([]);
    expect(sampler.comparisons).toBeGreaterThan(90);
    expect(sampler.largestHistory).toBeGreaterThanOrEqual(90);
  });

  it('give the same suggestions as a fresh sampler (univariate, no constant liar)', async () => {
    const sampler = await checkedStudy(
      { seed: 11, nStartupTrials: 3, multivariate: false, constantLiar: false },
      70,
    );
    expect(sampler.mismatches).toEqual([]);
    expect(sampler.comparisons).toBeGreaterThan(200);
  });

  it('give the same suggestions as a fresh sampler in group mode', async () => {
    const sampler = await checkedStudy({ seed: 3, nStartupTrials: 4, group: true }, 60);
    expect(sampler.mismatches).toEqual([]);
  });

  it('notice a different snapshot for the same trial', async () => {
    const study = await createStudy({ sampler: new TPESampler({ seed: 1 }) });
    for (let i = 0; i < 60; i++) {
      const trial = await study.ask();
      await study.tell(trial, objective(trial));
    }
    const trials = await study.trials;
    const sampler = new CheckedTPESampler({ seed: 2 });
    const current = createFrozenTrial({ number: 60, trialId: 60, state: 'RUNNING' });
    const x = trials[0]?.distributions.x as Distribution;
    const first: StudyView = {
      studyName: 'v',
      directions: ['minimize'],
      trials: [...trials, current],
    };
    // The same trials but the best one's value changed (a new object): a different split.
    const best = trials.reduce((a, b) => ((a.values?.[0] ?? 0) <= (b.values?.[0] ?? 0) ? a : b));
    const changed = trials.map((t) => (t === best ? { ...t, values: [1e9] } : t));
    const second: StudyView = { ...first, trials: [...changed, current] };
    const a = sampler.sampleIndependent(first, current, 'x', x);
    const b = sampler.sampleIndependent(second, current, 'x', x);
    sampler.inferRelativeSearchSpace(second, current);
    expect(sampler.mismatches).toEqual([]);
    expect(sampler.comparisons).toBe(2);
    expect(Object.is(a, b)).toBe(false);
  });
});
