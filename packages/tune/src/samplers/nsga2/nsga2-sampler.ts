/**
 * NSGAIISampler: Optuna 5.0.0's `NSGAIISampler` (Deb et al. 2002), a generational genetic
 * algorithm over trials.
 *
 * Design notes
 * - Generations: each trial gets the trial system attr `NSGAIISampler:generation` when it
 *   starts (through `trialSystemAttrs`, or `takePendingSystemAttrs` after `sampleRelative`
 *   when the study does not call the former): the highest generation among COMPLETE
 *   trials, or the next one once that generation holds `populationSize` COMPLETE trials.
 *   Generation 0 is sampled by {@link RandomSampler}.
 * - Parents of generation g: the elite of generation g−1's COMPLETE trials plus
 *   generation g−1's parents, by fast non-dominated sort and crowding distance
 *   ({@link selectElitePopulation}; constrained domination when any trial carries
 *   `constraints` system attrs). Optuna caches the parents' trial ids in the study system
 *   attr `NSGAIISampler:parent:<g>`; samplers here cannot write study attrs, so the cache
 *   lives in the sampler (per study name and generation) and is recomputed, from the same
 *   trials, by another process. Parents are always listed in trial order (Optuna lists them
 *   in elite order only the first time in a process).
 * - Children: see {@link generateChild}; mutated parameters and parameters outside the
 *   intersection search space come from `RandomSampler({ seed })`. Optuna's pluggable
 *   mutation (`PolynomialMutation`) and strategies, the vSBX/UNDX/SPX crossovers and the
 *   deprecated `constraints_func` are not offered.
 * - Randomness: numpy's RandomState is not reproduced. A child of trial n draws from
 *   `createRng(seed).fork('nsga2').fork(n)`, so seeded studies repeat whatever the order of
 *   trials across workers (given the same generations and parents).
 */

import { createRng, InvalidArgumentError, type Rng } from '@dagnostics/core';
import type {
  Distribution,
  FrozenTrial,
  JsonValue,
  Sampler,
  StudyView,
  TrialState,
} from '../../types';
import { freshSeed, RandomSampler } from '../random';
import { intersectionSearchSpace, withoutSingleValues } from '../search-space';
import { generateChild } from './child-generation';
import { type Crossover, UniformCrossover } from './crossover';
import { selectElitePopulation } from './elite-selection';

/** Optuna's trial system attr holding a trial's generation. */
export const NSGA2_GENERATION_KEY = 'NSGAIISampler:generation';
/** Optuna's study system attr prefix for a generation's parent trial ids (kept in memory here). */
export const NSGA2_PARENT_CACHE_KEY_PREFIX = 'NSGAIISampler:parent:';

/** Settings for {@link NSGAIISampler} (Optuna's names and defaults). */
export interface NSGAIISamplerOptions {
  /** Trials per generation (an integer >= 2 and >= the crossover's parent count). Default 50. */
  readonly populationSize?: number;
  /**
   * Probability, per parameter, of re-sampling it at random instead of keeping the
   * crossover's value. Default 1 / max(1, number of parameters).
   */
  readonly mutationProb?: number;
  /** Numeric crossover. Default `new UniformCrossover(swappingProb)`. */
  readonly crossover?: Crossover;
  /** Probability of a crossover (else a random parent is copied). Default 0.9. */
  readonly crossoverProb?: number;
  /** Swapping probability of uniform crossover (categoricals always use it). Default 0.5. */
  readonly swappingProb?: number;
  /** Seed (a non-negative safe integer). Default: a fresh random seed per sampler. */
  readonly seed?: number;
}

function checkProbability(argument: string, value: number | undefined): void {
  if (value === undefined) return;
  if (!(typeof value === 'number' && value >= 0 && value <= 1)) {
    throw new InvalidArgumentError({
      argument,
      message: `${argument} must be a number in [0, 1], got ${String(value)}.`,
    });
  }
}

/**
 * Optuna 5.0.0's NSGA-II sampler for multi-objective studies (see the design notes at the
 * top of this file). Works for single-objective studies too (rank = value order).
 *
 * @example
 * ```ts
 * const study = await createStudy({
 *   directions: ['minimize', 'minimize'],
 *   sampler: new NSGAIISampler({ seed: 1, populationSize: 20 }),
 * });
 * ```
 */
export class NSGAIISampler implements Sampler {
  readonly populationSize: number;
  readonly #crossover: Crossover;
  readonly #crossoverProb: number;
  readonly #swappingProb: number;
  readonly #mutationProb: number | undefined;
  #root: Rng;
  #random: Sampler;
  /** Parent trial ids per `studyName\0generation` (Optuna's study-attr cache). */
  readonly #parentCache = new Map<string, number[]>();
  /** Generation attrs to store per trial id, when `trialSystemAttrs` was not called. */
  readonly #pending = new Map<number, Record<string, JsonValue>>();
  /** Generations handed out by `trialSystemAttrs`, per trial id, until the trial ends. */
  readonly #generations = new Map<number, number>();

  /** Throws `InvalidArgumentError` for invalid options (see {@link NSGAIISamplerOptions}). */
  constructor(options: NSGAIISamplerOptions = {}) {
    const populationSize = options.populationSize ?? 50;
    const swappingProb = options.swappingProb ?? 0.5;
    checkProbability('mutationProb', options.mutationProb);
    checkProbability('crossoverProb', options.crossoverProb);
    checkProbability('swappingProb', swappingProb);
    const crossover = options.crossover ?? new UniformCrossover(swappingProb);
    if (!Number.isSafeInteger(populationSize) || populationSize < 2) {
      throw new InvalidArgumentError({
        argument: 'populationSize',
        message: `populationSize must be an integer >= 2, got ${String(populationSize)}.`,
      });
    }
    if (populationSize < crossover.nParents) {
      throw new InvalidArgumentError({
        argument: 'populationSize',
        message: `populationSize must be at least the crossover's ${crossover.nParents} parents, got ${populationSize}.`,
      });
    }
    const seed = options.seed ?? freshSeed();
    this.populationSize = populationSize;
    this.#crossover = crossover;
    this.#crossoverProb = options.crossoverProb ?? 0.9;
    this.#swappingProb = swappingProb;
    this.#mutationProb = options.mutationProb;
    this.#root = createRng(seed).fork('nsga2');
    this.#random = new RandomSampler({ seed });
  }

  /** The intersection search space of the COMPLETE trials, single-value parameters left out. */
  inferRelativeSearchSpace(study: StudyView, _trial: FrozenTrial): Record<string, Distribution> {
    return withoutSingleValues(intersectionSearchSpace(study.trials));
  }

  /** `{ 'NSGAIISampler:generation': g }` for a starting trial (see {@link NSGAIISampler.trialGeneration}). */
  trialSystemAttrs(study: StudyView, trial: FrozenTrial): Record<string, JsonValue> {
    const generation = this.trialGeneration(study, trial);
    this.#generations.set(trial.trialId, generation);
    return { [NSGA2_GENERATION_KEY]: generation };
  }

  /**
   * A child of the trial's generation's parents (internal representation), without the
   * mutated parameters; empty in generation 0.
   */
  sampleRelative(
    study: StudyView,
    trial: FrozenTrial,
    searchSpace: Record<string, Distribution>,
  ): Record<string, number> {
    let generation = storedGeneration(trial) ?? this.#generations.get(trial.trialId);
    if (generation === undefined) {
      generation = this.trialGeneration(study, trial);
      this.#generations.set(trial.trialId, generation);
      this.#pending.set(trial.trialId, { [NSGA2_GENERATION_KEY]: generation });
    }
    const parents = this.parentPopulation(study, generation);
    if (parents.length === 0 || Object.keys(searchSpace).length === 0) return {};
    return generateChild(
      parents,
      searchSpace,
      {
        crossover: this.#crossover,
        crossoverProb: this.#crossoverProb,
        swappingProb: this.#swappingProb,
        mutationProb: this.#mutationProb,
        directions: study.directions,
      },
      this.#root.fork(trial.number),
    );
  }

  /** A uniform random value: first generation, mutated and non-intersection parameters. */
  sampleIndependent(
    study: StudyView,
    trial: FrozenTrial,
    name: string,
    distribution: Distribution,
  ): number {
    return this.#random.sampleIndependent(study, trial, name, distribution);
  }

  /** The generation attr to store when `sampleRelative` had to work it out itself. */
  takePendingSystemAttrs(trial: FrozenTrial): Record<string, JsonValue> {
    const attrs = this.#pending.get(trial.trialId) ?? {};
    this.#pending.delete(trial.trialId);
    return attrs;
  }

  /** Forwards to the random sampler. */
  beforeTrial(study: StudyView, trial: FrozenTrial): void {
    this.#random.beforeTrial?.(study, trial);
  }

  /** Drops the trial's per-trial state. */
  afterTrial(
    study: StudyView,
    trial: FrozenTrial,
    state: TrialState,
    values: readonly number[] | null,
  ): void {
    this.#pending.delete(trial.trialId);
    this.#generations.delete(trial.trialId);
    this.#random.afterTrial?.(study, trial, state, values);
  }

  /** Re-seeds the children's streams and the random sampler. */
  reseed(seed: number): void {
    this.#root = createRng(seed).fork('nsga2');
    this.#random = new RandomSampler({ seed });
  }

  /**
   * The generation of `trial`: its stored `NSGAIISampler:generation` attr, else the highest
   * generation among the COMPLETE trials (0 when none has one), plus one when that
   * generation already has `populationSize` COMPLETE trials (Optuna's
   * `get_trial_generation`).
   */
  trialGeneration(study: StudyView, trial: FrozenTrial): number {
    const stored = storedGeneration(trial);
    if (stored !== undefined) return stored;
    let maxGeneration = 0;
    let count = 0;
    for (const other of study.trials) {
      if (other.state !== 'COMPLETE') continue;
      const generation = storedGeneration(other);
      if (generation === undefined || generation < maxGeneration) continue;
      if (generation > maxGeneration) {
        maxGeneration = generation;
        count = 1;
      } else {
        count += 1;
      }
    }
    return count < this.populationSize ? maxGeneration : maxGeneration + 1;
  }

  /** The COMPLETE trials of `generation`, in trial order. */
  population(study: StudyView, generation: number): FrozenTrial[] {
    return study.trials.filter(
      (trial) => trial.state === 'COMPLETE' && storedGeneration(trial) === generation,
    );
  }

  /**
   * The parents of `generation` in trial order (none for generation 0): the elite of the
   * previous generation's population plus its parents, selected once and then cached.
   */
  parentPopulation(study: StudyView, generation: number): FrozenTrial[] {
    if (generation === 0) return [];
    const key = `${study.studyName}\u0000${generation}`;
    let ids = this.#parentCache.get(key);
    if (ids === undefined) {
      const pool = [
        ...this.population(study, generation - 1),
        ...this.parentPopulation(study, generation - 1),
      ];
      ids = selectElitePopulation(pool, study.directions, this.populationSize).map(
        (trial) => trial.trialId,
      );
      this.#parentCache.set(key, ids);
    }
    const chosen = new Set(ids);
    return study.trials.filter((trial) => chosen.has(trial.trialId));
  }
}

function storedGeneration(trial: FrozenTrial): number | undefined {
  const value = trial.systemAttrs[NSGA2_GENERATION_KEY];
  return typeof value === 'number' ? value : undefined;
}
