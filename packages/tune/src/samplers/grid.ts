import { createRng, InvalidArgumentError, type Rng } from '@dagnostics/core';
import { sameChoice } from '../distributions/equality';
import { toInternal } from '../distributions/representation';
import type { StudyAwareSampler } from '../study/sampler-hooks';
import type {
  CategoricalChoice,
  Distribution,
  FrozenTrial,
  JsonValue,
  Sampler,
  StudyView,
} from '../types';

/** Settings for {@link GridSampler}. */
export interface GridSamplerOptions {
  /** Seed of the grid's order (and of the choice among unvisited points). Default 0, as Optuna's. */
  readonly seed?: number;
}

/** The system attribute holding the index of a trial's grid point (Optuna's name). */
export const gridIdKey = 'grid_id';
/** The system attribute holding the grid's search space (Optuna's name). */
export const gridSearchSpaceKey = 'search_space';
const fixedParamsKey = 'fixed_params';
const finishedStates = new Set(['COMPLETE', 'PRUNED', 'FAIL']);

function cartesianProduct(lists: readonly (readonly CategoricalChoice[])[]): CategoricalChoice[][] {
  let product: CategoricalChoice[][] = [[]];
  for (const list of lists) {
    product = product.flatMap((prefix) => list.map((value) => [...prefix, value]));
  }
  return product;
}

/**
 * Evaluates every point of a grid once (Optuna's `GridSampler`). The grid is the
 * Cartesian product of `searchSpace` (parameter names sorted), shuffled with the seed;
 * trial `n` takes point `n` while `n` is below the grid size, later trials (after failures
 * elsewhere, or enqueued trials) take a random point not yet started. `optimize` stops
 * starting trials once every point is finished or running. Each trial stores `grid_id` and
 * `search_space` system attributes, as Optuna does, so several workers share the grid.
 *
 * Every parameter the objective suggests must be in `searchSpace`; an enqueued trial must
 * fix all of them.
 */
export class GridSampler implements Sampler, StudyAwareSampler {
  readonly #searchSpace: Record<string, CategoricalChoice[]>;
  readonly #paramNames: string[];
  readonly #grid: CategoricalChoice[][];
  #root: Rng;

  constructor(
    searchSpace: Readonly<Record<string, readonly CategoricalChoice[]>>,
    options: GridSamplerOptions = {},
  ) {
    this.#paramNames = Object.keys(searchSpace).sort((a, b) => (a < b ? -1 : a > b ? 1 : 0));
    this.#searchSpace = {};
    for (const name of this.#paramNames) {
      const values = searchSpace[name] as readonly CategoricalChoice[];
      for (const value of values) {
        if (value !== null && typeof value === 'object') {
          throw new InvalidArgumentError({
            argument: 'searchSpace',
            message: `Grid values of ${name} must be null, boolean, number or string.`,
          });
        }
      }
      this.#searchSpace[name] = [...values];
    }
    this.#root = createRng(options.seed ?? 0);
    this.#grid = this.#root.shuffle(
      cartesianProduct(this.#paramNames.map((name) => this.#searchSpace[name] ?? [])),
    );
  }

  /** Number of grid points. */
  get size(): number {
    return this.#grid.length;
  }

  inferRelativeSearchSpace(): Record<string, Distribution> {
    return {};
  }

  sampleRelative(): Record<string, number> {
    return {};
  }

  /** The grid point's value for `name`, internal representation. */
  sampleIndependent(
    _study: StudyView,
    trial: FrozenTrial,
    name: string,
    distribution: Distribution,
  ): number {
    const gridId = trial.systemAttrs[gridIdKey];
    if (typeof gridId !== 'number') {
      throw new InvalidArgumentError({
        argument: name,
        message: `Trial ${trial.number} has no grid point: an enqueued trial must fix every parameter when using GridSampler.`,
      });
    }
    const index = this.#paramNames.indexOf(name);
    if (index < 0) {
      throw new InvalidArgumentError({
        argument: name,
        message: `The parameter ${JSON.stringify(name)} is not in GridSampler's search space.`,
      });
    }
    const value = (this.#grid[gridId] as CategoricalChoice[])[index] as CategoricalChoice;
    return toInternal(distribution, value);
  }

  /** `grid_id` and `search_space` for a new trial (none for an enqueued one). */
  trialSystemAttrs(study: StudyView, trial: FrozenTrial): Record<string, JsonValue> {
    if (
      Object.hasOwn(trial.systemAttrs, gridIdKey) ||
      Object.hasOwn(trial.systemAttrs, fixedParamsKey)
    ) {
      return {};
    }
    let gridId = trial.number;
    if (trial.number >= this.#grid.length) {
      let candidates = this.#unstarted(study);
      if (candidates.length === 0) candidates = this.#grid.map((_point, index) => index);
      gridId = this.#root.fork(trial.number).choice(candidates);
    }
    return { [gridSearchSpaceKey]: this.#searchSpace, [gridIdKey]: gridId };
  }

  /** Whether every grid point is finished or running. */
  isExhausted(study: StudyView): boolean {
    return this.#unstarted(study).length === 0;
  }

  /** Replaces the seed of the choice among unvisited points (the grid order stays). */
  reseed(seed: number): void {
    this.#root = createRng(seed);
  }

  #unstarted(study: StudyView): number[] {
    const started = new Set<number>();
    for (const trial of study.trials) {
      const gridId = trial.systemAttrs[gridIdKey];
      if (
        typeof gridId !== 'number' ||
        !this.#sameSearchSpace(trial.systemAttrs[gridSearchSpaceKey])
      ) {
        continue;
      }
      if (finishedStates.has(trial.state) || trial.state === 'RUNNING') started.add(gridId);
    }
    return this.#grid.map((_point, index) => index).filter((index) => !started.has(index));
  }

  #sameSearchSpace(space: JsonValue | undefined): boolean {
    if (
      space === null ||
      typeof space !== 'object' ||
      Array.isArray(space) ||
      space === undefined
    ) {
      return false;
    }
    const names = Object.keys(space);
    if (names.length !== this.#paramNames.length) return false;
    return names.every((name) => {
      const values = space[name];
      const ours = this.#searchSpace[name];
      return (
        Array.isArray(values) &&
        ours !== undefined &&
        values.length === ours.length &&
        values.every((value, index) => sameChoice(value as CategoricalChoice, ours[index] ?? null))
      );
    });
  }
}
