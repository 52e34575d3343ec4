/**
 * AutoSampler: picks a sampler per trial from the study's state, after the Optuna team's
 * OptunaHub `AutoSampler` (`package/samplers/auto_sampler`), with what this package has.
 *
 * Routing (a pure function of the study, see {@link AutoSampler.chooseSampler}, so seeded
 * studies repeat):
 * - No COMPLETE trial yet: `RandomSampler`.
 * - Single objective: categorical parameters (in the COMPLETE trials' intersection space),
 *   conditional parameters (COMPLETE/PRUNED trials with different parameter sets) or
 *   constraints (any trial with `constraints` attrs) → multivariate `TPESampler` with
 *   constant liar; otherwise `GPSampler` below 250 COMPLETE trials and `TPESampler` from
 *   250 on.
 * - Several objectives: conditional parameters, 4 or more objectives, or fewer than 250
 *   COMPLETE trials → `TPESampler`; otherwise `NSGAIISampler`. Trials sampled by TPE
 *   carry `NSGAIISampler:generation = 0`, so that NSGA-II, when it takes over, starts from
 *   all of them as generation 0 (Optuna's warm start).
 *
 * Deviations from OptunaHub's rule, for want of samplers: no CMA-ES (single objective
 * from 250 trials → TPE; Optuna warm-starts CMA-ES, or uses TPE with constraints); the GP
 * here is single-objective and ignores constraints (multi-objective below 250 trials → TPE
 * instead of GP; constrained single-objective → TPE instead of GP); no NSGA-III (4 or more
 * objectives stay on TPE). Optuna keeps one sampler per thread and re-creates it on a
 * switch, seeded from a running random state; here each kind has one instance, seeded
 * from `seed` and the kind's name, and the choice is recorded per trial (and stored as
 * the trial system attr `auto:sampler`, as Optuna does).
 */

import { createRng, type Rng } from '@dagnostics/core';
import { studyHooks } from '../study/sampler-hooks';
import { isConstrained } from '../trial/constraints';
import type {
  Distribution,
  FrozenTrial,
  JsonValue,
  Sampler,
  StudyView,
  TrialState,
} from '../types';
import { GPSampler } from './gp/gp-sampler';
import { NSGA2_GENERATION_KEY, NSGAIISampler } from './nsga2/nsga2-sampler';
import { freshSeed, RandomSampler } from './random';
import { intersectionSearchSpace } from './search-space';
import { TPESampler } from './tpe/tpe-sampler';

/** The trial system attr naming the sampler that sampled the trial (Optuna's `auto:sampler`). */
export const AUTO_SAMPLER_KEY = 'auto:sampler';

/** COMPLETE trials after which GP (single objective) or TPE (multi-objective) hands over. */
export const AUTO_SAMPLER_MODEL_BUDGET = 250;

/** The samplers {@link AutoSampler} routes to, by Optuna's class names. */
export type AutoSamplerChoice = 'RandomSampler' | 'TPESampler' | 'GPSampler' | 'NSGAIISampler';

/** Settings for {@link AutoSampler}. */
export interface AutoSamplerOptions {
  /** Seed (a non-negative safe integer) of every delegate. Default: a fresh random seed. */
  readonly seed?: number;
}

/**
 * Chooses a sampler for each trial from the search space, the objectives and the number
 * of COMPLETE trials (see the notes at the top of this file), and forwards every call for
 * that trial, the study hooks included, to it.
 *
 * @example
 * ```ts
 * const study = await createStudy({ sampler: new AutoSampler({ seed: 7 }) });
 * ```
 */
export class AutoSampler implements Sampler {
  #root: Rng;
  readonly #delegates = new Map<AutoSamplerChoice, Sampler>();
  /** The choice made for each running trial, by trial id. */
  readonly #choices = new Map<number, AutoSamplerChoice>();

  constructor(options: AutoSamplerOptions = {}) {
    this.#root = createRng(options.seed ?? freshSeed()).fork('auto');
  }

  /** The sampler the study's state calls for (a pure function of `study`). */
  chooseSampler(study: StudyView): AutoSamplerChoice {
    const complete = study.trials.filter((trial) => trial.state === 'COMPLETE');
    if (complete.length === 0) return 'RandomSampler';
    const conditional = hasConditionalParams(study.trials);
    const categorical = Object.values(intersectionSearchSpace(study.trials)).some(
      (distribution) => distribution.kind === 'categorical',
    );
    const belowBudget = complete.length < AUTO_SAMPLER_MODEL_BUDGET;
    if (study.directions.length === 1) {
      if (conditional || categorical || isConstrained(study.trials)) return 'TPESampler';
      return belowBudget ? 'GPSampler' : 'TPESampler';
    }
    if (conditional || belowBudget || study.directions.length >= 4) return 'TPESampler';
    return 'NSGAIISampler';
  }

  /** The delegate chosen for `trial` (chosen now from `study` if not yet). */
  delegateFor(study: StudyView, trial: FrozenTrial): Sampler {
    return this.#delegate(this.#choiceFor(study, trial));
  }

  /** Chooses the trial's sampler and forwards. */
  beforeTrial(study: StudyView, trial: FrozenTrial): void {
    const choice = this.chooseSampler(study);
    this.#choices.set(trial.trialId, choice);
    this.#delegate(choice).beforeTrial?.(study, trial);
  }

  /**
   * `auto:sampler`, `NSGAIISampler:generation = 0` for a multi-objective trial that
   * NSGA-II does not sample, and the delegate's own start-of-trial attrs.
   */
  trialSystemAttrs(study: StudyView, trial: FrozenTrial): Record<string, JsonValue> {
    const choice = this.#choiceFor(study, trial);
    const delegate = this.#delegate(choice);
    const attrs: Record<string, JsonValue> = { [AUTO_SAMPLER_KEY]: choice };
    if (study.directions.length > 1 && choice !== 'NSGAIISampler') {
      attrs[NSGA2_GENERATION_KEY] = 0;
    }
    Object.assign(attrs, studyHooks(delegate).trialSystemAttrs?.call(delegate, study, trial));
    return attrs;
  }

  inferRelativeSearchSpace(study: StudyView, trial: FrozenTrial): Record<string, Distribution> {
    return this.delegateFor(study, trial).inferRelativeSearchSpace(study, trial);
  }

  sampleRelative(
    study: StudyView,
    trial: FrozenTrial,
    searchSpace: Record<string, Distribution>,
  ): Record<string, number> {
    return this.delegateFor(study, trial).sampleRelative(study, trial, searchSpace);
  }

  sampleIndependent(
    study: StudyView,
    trial: FrozenTrial,
    name: string,
    distribution: Distribution,
  ): number {
    return this.delegateFor(study, trial).sampleIndependent(study, trial, name, distribution);
  }

  /** The delegate's pending system attrs for `trial` (TPE's constant-liar chunks, ...). */
  takePendingSystemAttrs(trial: FrozenTrial): Record<string, JsonValue> {
    const choice = this.#choices.get(trial.trialId);
    if (choice === undefined) return {};
    const delegate = this.#delegate(choice);
    return studyHooks(delegate).takePendingSystemAttrs?.call(delegate, trial) ?? {};
  }

  /** Forwards to the trial's delegate and forgets the trial's choice. */
  afterTrial(
    study: StudyView,
    trial: FrozenTrial,
    state: TrialState,
    values: readonly number[] | null,
  ): void {
    const choice = this.#choices.get(trial.trialId) ?? this.chooseSampler(study);
    this.#choices.delete(trial.trialId);
    this.#delegate(choice).afterTrial?.(study, trial, state, values);
  }

  /** Re-seeds: delegates made so far are dropped and re-created from the new seed. */
  reseed(seed: number): void {
    this.#root = createRng(seed).fork('auto');
    this.#delegates.clear();
  }

  #choiceFor(study: StudyView, trial: FrozenTrial): AutoSamplerChoice {
    let choice = this.#choices.get(trial.trialId);
    if (choice === undefined) {
      const stored = trial.systemAttrs[AUTO_SAMPLER_KEY];
      choice = isChoice(stored) ? stored : this.chooseSampler(study);
      this.#choices.set(trial.trialId, choice);
    }
    return choice;
  }

  #delegate(choice: AutoSamplerChoice): Sampler {
    let delegate = this.#delegates.get(choice);
    if (delegate === undefined) {
      const seed = this.#root.fork(choice).uint32();
      delegate = createDelegate(choice, seed);
      this.#delegates.set(choice, delegate);
    }
    return delegate;
  }
}

function createDelegate(choice: AutoSamplerChoice, seed: number): Sampler {
  switch (choice) {
    case 'RandomSampler':
      return new RandomSampler({ seed });
    case 'GPSampler':
      return new GPSampler({ seed });
    case 'NSGAIISampler':
      return new NSGAIISampler({ seed });
    case 'TPESampler':
      return new TPESampler({ seed, multivariate: true, constantLiar: true });
  }
}

function isChoice(value: JsonValue | undefined): value is AutoSamplerChoice {
  return (
    value === 'RandomSampler' ||
    value === 'TPESampler' ||
    value === 'GPSampler' ||
    value === 'NSGAIISampler'
  );
}

/** Whether the COMPLETE and PRUNED trials differ in their parameter names (OptunaHub's test). */
function hasConditionalParams(trials: readonly FrozenTrial[]): boolean {
  let first: string | undefined;
  for (const trial of trials) {
    if (trial.state !== 'COMPLETE' && trial.state !== 'PRUNED') continue;
    const key = Object.keys(trial.params).sort().join('\u0000');
    if (first === undefined) first = key;
    else if (key !== first) return true;
  }
  return false;
}
