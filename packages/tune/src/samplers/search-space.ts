import { distributionsEqual } from '../distributions/equality';
import { isSingle } from '../distributions/representation';
import type { Distribution, FrozenTrial, TrialState } from '../types';

/** Settings for {@link intersectionSearchSpace} and {@link groupDecomposedSearchSpace}. */
export interface SearchSpaceOptions {
  /** Count PRUNED trials as well as COMPLETE ones. Default false. */
  readonly includePruned?: boolean;
}

function statesOfInterest(options: SearchSpaceOptions): readonly TrialState[] {
  return options.includePruned === true ? ['COMPLETE', 'PRUNED'] : ['COMPLETE'];
}

function sortedByName(space: Record<string, Distribution>): Record<string, Distribution> {
  const sorted: Record<string, Distribution> = {};
  for (const name of Object.keys(space).sort(compareNames)) {
    sorted[name] = space[name] as Distribution;
  }
  return sorted;
}

function compareNames(a: string, b: string): number {
  return a < b ? -1 : a > b ? 1 : 0;
}

/**
 * The parameters that every finished trial of interest (COMPLETE, plus PRUNED with
 * `includePruned`) has, each with one and the same distribution in all of them, sorted by
 * name. Optuna's `intersection_search_space`: empty when no trial is of interest; a
 * parameter whose range changed between trials drops out. Single-value distributions are
 * kept; samplers leave them out themselves, as Optuna's do.
 */
export function intersectionSearchSpace(
  trials: readonly FrozenTrial[],
  options: SearchSpaceOptions = {},
): Record<string, Distribution> {
  const states = statesOfInterest(options);
  let space: Record<string, Distribution> | null = null;
  for (const trial of trials) space = foldTrial(space, trial, states);
  return sortedByName(space ?? {});
}

/** Intersects `space` with one trial's distributions (the trial's own, if it is the first). */
function foldTrial(
  space: Record<string, Distribution> | null,
  trial: FrozenTrial,
  states: readonly TrialState[],
): Record<string, Distribution> | null {
  if (!states.includes(trial.state)) return space;
  if (space === null) return { ...trial.distributions };
  const next: Record<string, Distribution> = {};
  for (const name of Object.keys(space)) {
    const distribution = space[name] as Distribution;
    const other = trial.distributions[name];
    if (other !== undefined && distributionsEqual(distribution, other)) {
      next[name] = distribution;
    }
  }
  return next;
}

const FINISHED_STATES: readonly TrialState[] = ['COMPLETE', 'PRUNED', 'FAIL'];

/**
 * {@link intersectionSearchSpace} computed incrementally, as Optuna's
 * `IntersectionSearchSpace` does with its cursor: the leading run of finished trials
 * (which no longer change) is folded in once, and each call folds only the trials after
 * it. The result equals `intersectionSearchSpace(trials, options)` as long as each call
 * passes the same study's trials in number order, finished trials unchanged; a list that
 * visibly does not extend the one seen before (another study name, fewer trials, another
 * first or last settled trial id) starts over.
 */
export class IntersectionSearchSpace {
  readonly #states: readonly TrialState[];
  /** Fold of `trials[0, #settled)`, all finished. */
  #space: Record<string, Distribution> | null = null;
  #settled = 0;
  #settledLastId: number | null = null;
  #settledFirstId: number | null = null;
  #settledStudy: string | null = null;

  constructor(options: SearchSpaceOptions = {}) {
    this.#states = statesOfInterest(options);
  }

  /**
   * The intersection search space of `trials` (sorted by name; a fresh object).
   *
   * @param studyName - Identifies the study, so that one instance can serve several.
   */
  calculate(trials: readonly FrozenTrial[], studyName = ''): Record<string, Distribution> {
    if (
      studyName !== this.#settledStudy ||
      this.#settled > trials.length ||
      (this.#settled > 0 &&
        (trials[this.#settled - 1]?.trialId !== this.#settledLastId ||
          trials[0]?.trialId !== this.#settledFirstId))
    ) {
      this.#space = null;
      this.#settled = 0;
      this.#settledLastId = null;
      this.#settledStudy = studyName;
    }
    let space = this.#space;
    let settling = true;
    for (let i = this.#settled; i < trials.length; i++) {
      const trial = trials[i] as FrozenTrial;
      space = foldTrial(space, trial, this.#states);
      if (settling && FINISHED_STATES.includes(trial.state)) {
        this.#space = space;
        this.#settled = i + 1;
        this.#settledLastId = trial.trialId;
        if (i === 0) this.#settledFirstId = trial.trialId;
      } else {
        settling = false;
      }
    }
    return sortedByName(space ?? {});
  }
}

/**
 * Splits the parameters of the finished trials of interest into disjoint groups that
 * always appear together (Optuna's `_GroupDecomposedSearchSpace`, used by TPE with
 * `group: true`): each trial's parameters split every existing group into the part it
 * shares with the trial and the part it does not, and its new parameters form a new group.
 * A group keeps the distribution of the first trial that had the parameter, as Optuna's
 * does. Groups keep Optuna's order; names within a group are sorted.
 */
export function groupDecomposedSearchSpace(
  trials: readonly FrozenTrial[],
  options: SearchSpaceOptions = {},
): Record<string, Distribution>[] {
  const states = statesOfInterest(options);
  let groups: Record<string, Distribution>[] = [];
  for (const trial of trials) {
    if (!states.includes(trial.state)) continue;
    const remaining = new Set(Object.keys(trial.distributions));
    const next: Record<string, Distribution>[] = [];
    for (const group of groups) {
      const shared: Record<string, Distribution> = {};
      const apart: Record<string, Distribution> = {};
      for (const [name, distribution] of Object.entries(group)) {
        if (remaining.has(name)) {
          shared[name] = distribution;
          remaining.delete(name);
        } else {
          apart[name] = distribution;
        }
      }
      next.push(shared, apart);
    }
    const fresh: Record<string, Distribution> = {};
    for (const name of remaining) fresh[name] = trial.distributions[name] as Distribution;
    next.push(fresh);
    groups = next.filter((group) => Object.keys(group).length > 0);
  }
  return groups.map(sortedByName);
}

/**
 * Copies the parameters of `space` whose distribution holds more than one value into `into`
 * (a new record by default): what the relative samplers search jointly, since a single-value
 * parameter has nothing to choose.
 */
export function withoutSingleValues(
  space: Record<string, Distribution>,
  into: Record<string, Distribution> = {},
): Record<string, Distribution> {
  for (const [name, distribution] of Object.entries(space)) {
    if (!isSingle(distribution)) into[name] = distribution;
  }
  return into;
}
