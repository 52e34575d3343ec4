import type { Rng } from '@dagnostics/core';
import { contains, toInternal } from '../../distributions/representation';
import { isConstrained } from '../../trial/constraints';
import type { CategoricalChoice, Distribution, FrozenTrial, StudyDirection } from '../../types';
import type { Crossover } from './crossover';
import { trialConstrainedDominates, trialDominates } from './elite-selection';
import { type NumericDistribution, NumericTransform } from './numeric-transform';

/** What {@link generateChild} needs besides the parents. */
export interface ChildGenerationSettings {
  readonly crossover: Crossover;
  readonly crossoverProb: number;
  /** Swapping probability of the categorical parameters' uniform crossover. */
  readonly swappingProb: number;
  /** Per-parameter mutation probability; undefined: 1 / max(1, number of parameters). */
  readonly mutationProb: number | undefined;
  readonly directions: readonly StudyDirection[];
}

/**
 * Crossover tries before giving up on a child inside the bounds (Optuna retries forever; a
 * continuous float can fall below `low` with SBX or BLX-α). After this many, the last
 * child is clipped instead.
 */
const MAX_CROSSOVER_TRIES = 1000;

/**
 * One child of `parents` for `searchSpace` (internal representation), as Optuna's
 * `NSGAIIChildGenerationStrategy`: with probability `crossoverProb` a crossover of parents
 * picked by binary tournament (constrained domination when any parent has constraints),
 * else a copy of one random parent; then each parameter is dropped with the mutation
 * probability, to be re-sampled independently (random) by the sampler.
 */
export function generateChild(
  parents: readonly FrozenTrial[],
  searchSpace: Readonly<Record<string, Distribution>>,
  settings: ChildGenerationSettings,
  rng: Rng,
): Record<string, number> {
  const dominates = isConstrained(parents) ? trialConstrainedDominates : trialDominates;
  let child: Record<string, number>;
  if (rng.float() < settings.crossoverProb) {
    child = crossoverChild(parents, searchSpace, settings, rng, dominates);
  } else {
    const parent = parents[rng.int(0, parents.length - 1)] as FrozenTrial;
    child = internalParams(parent, searchSpace);
  }
  const names = Object.keys(child);
  const mutationProb = settings.mutationProb ?? 1 / Math.max(1, names.length);
  const params: Record<string, number> = {};
  for (const name of names) {
    if (rng.float() >= mutationProb) params[name] = child[name] as number;
  }
  return params;
}

type Dominates = (a: FrozenTrial, b: FrozenTrial, directions: readonly StudyDirection[]) => boolean;

function internalParams(
  trial: FrozenTrial,
  searchSpace: Readonly<Record<string, Distribution>>,
): Record<string, number> {
  const params: Record<string, number> = {};
  for (const [name, distribution] of Object.entries(searchSpace)) {
    params[name] = toInternal(distribution, trial.params[name] as number | CategoricalChoice);
  }
  return params;
}

function crossoverChild(
  population: readonly FrozenTrial[],
  searchSpace: Readonly<Record<string, Distribution>>,
  settings: ChildGenerationSettings,
  rng: Rng,
  dominates: Dominates,
): Record<string, number> {
  const categorical: string[] = [];
  const numeric: Record<string, NumericDistribution> = {};
  for (const [name, distribution] of Object.entries(searchSpace)) {
    if (distribution.kind === 'categorical') categorical.push(name);
    else numeric[name] = distribution;
  }
  const transform = Object.keys(numeric).length > 0 ? new NumericTransform(numeric) : null;
  let child: Record<string, number> = {};
  for (let attempt = 0; attempt < MAX_CROSSOVER_TRIES; attempt++) {
    const parents = selectParents(
      settings.crossover.nParents,
      population,
      rng,
      dominates,
      settings.directions,
    );
    child = {};
    if (categorical.length > 0) {
      const first = parents[0] as FrozenTrial;
      const last = parents[parents.length - 1] as FrozenTrial;
      for (const name of categorical) {
        const source = rng.float() >= settings.swappingProb ? last : first;
        child[name] = toInternal(
          searchSpace[name] as Distribution,
          source.params[name] as CategoricalChoice,
        );
      }
    }
    if (transform !== null) {
      const points = parents.map((parent) => transform.transform(parent.params));
      const values = settings.crossover.crossover(
        points,
        rng,
        transform.bounds,
        settings.directions.length > 1,
      );
      Object.assign(child, transform.untransform(values));
    }
    if (
      Object.entries(child).every(([name, value]) =>
        contains(searchSpace[name] as Distribution, value),
      )
    ) {
      return child;
    }
  }
  for (const [name, value] of Object.entries(child)) {
    const distribution = searchSpace[name] as Distribution;
    if (distribution.kind !== 'categorical') {
      child[name] = Math.min(Math.max(value, distribution.low), distribution.high);
    }
  }
  return child;
}

function selectParents(
  count: number,
  population: readonly FrozenTrial[],
  rng: Rng,
  dominates: Dominates,
  directions: readonly StudyDirection[],
): FrozenTrial[] {
  const chosen: FrozenTrial[] = [];
  for (let i = 0; i < count; i++) {
    const pool = population.filter((trial) => !chosen.includes(trial));
    const candidate0 = pool[rng.int(0, pool.length - 1)] as FrozenTrial;
    const candidate1 = pool[rng.int(0, pool.length - 1)] as FrozenTrial;
    chosen.push(dominates(candidate0, candidate1, directions) ? candidate0 : candidate1);
  }
  return chosen;
}
