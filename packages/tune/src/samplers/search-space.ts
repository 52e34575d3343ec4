import { distributionsEqual } from '../distributions/equality';
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
  for (const trial of trials) {
    if (!states.includes(trial.state)) continue;
    if (space === null) {
      space = { ...trial.distributions };
      continue;
    }
    const next: Record<string, Distribution> = {};
    for (const [name, distribution] of Object.entries(space)) {
      const other = trial.distributions[name];
      if (other !== undefined && distributionsEqual(distribution, other)) {
        next[name] = distribution;
      }
    }
    space = next;
  }
  return sortedByName(space ?? {});
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
