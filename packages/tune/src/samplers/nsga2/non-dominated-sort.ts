import type { FrozenTrial, StudyDirection } from '../../types';

/**
 * Whether `a` Pareto-dominates `b` for minimisation: no worse in every objective and not
 * equal in all of them (equal vectors do not dominate each other).
 */
export function dominatesLoss(a: readonly number[], b: readonly number[]): boolean {
  let strictlyBetter = false;
  for (let k = 0; k < a.length; k++) {
    const x = a[k] as number;
    const y = b[k] as number;
    if (x > y) return false;
    if (x < y) strictlyBetter = true;
  }
  return strictlyBetter;
}

/**
 * Non-domination ranks (0 = Pareto front) of `lossValues` (one row per point, every
 * objective to minimise), by repeatedly peeling off the non-dominated points. Equal rows
 * share a rank. A single objective gives dense ranks of the sorted distinct values.
 *
 * With `penalty` (constrained domination, Deb's constrained NSGA-II): points with a
 * penalty <= 0 are ranked among themselves first; the infeasible points follow, ranked by
 * their penalty alone (equal penalties share a rank), starting one after the worst feasible
 * rank. This is the ordering of Optuna's `_fast_non_domination_rank`.
 */
export function nonDominationRanks(
  lossValues: readonly (readonly number[])[],
  penalty?: readonly number[] | null,
): number[] {
  if (penalty === undefined || penalty === null) return peelRanks(lossValues);
  if (penalty.length !== lossValues.length) {
    throw new RangeError(
      `penalty has ${penalty.length} entries for ${lossValues.length} points; they must match.`,
    );
  }
  const feasible: number[] = [];
  const infeasible: number[] = [];
  penalty.forEach((value, index) => {
    (value > 0 ? infeasible : feasible).push(index);
  });
  const ranks = new Array<number>(lossValues.length).fill(-1);
  const feasibleRanks = peelRanks(feasible.map((index) => lossValues[index] as number[]));
  let firstInfeasibleRank = 0;
  feasible.forEach((index, j) => {
    const rank = feasibleRanks[j] as number;
    ranks[index] = rank;
    firstInfeasibleRank = Math.max(firstInfeasibleRank, rank + 1);
  });
  const infeasibleRanks = peelRanks(infeasible.map((index) => [penalty[index] as number]));
  infeasible.forEach((index, j) => {
    ranks[index] = firstInfeasibleRank + (infeasibleRanks[j] as number);
  });
  return ranks;
}

function peelRanks(lossValues: readonly (readonly number[])[]): number[] {
  const n = lossValues.length;
  const ranks = new Array<number>(n).fill(-1);
  let remaining = Array.from({ length: n }, (_, i) => i);
  let rank = 0;
  while (remaining.length > 0) {
    const front: number[] = [];
    const rest: number[] = [];
    for (const i of remaining) {
      const row = lossValues[i] as readonly number[];
      const dominated = remaining.some(
        (j) => j !== i && dominatesLoss(lossValues[j] as readonly number[], row),
      );
      (dominated ? rest : front).push(i);
    }
    for (const i of front) ranks[i] = rank;
    remaining = rest;
    rank += 1;
  }
  return ranks;
}

/** The objective values of a COMPLETE trial turned to losses (maximised objectives negated). */
export function lossVector(trial: FrozenTrial, directions: readonly StudyDirection[]): number[] {
  const values = trial.values;
  if (values === null || values.length !== directions.length) {
    throw new RangeError(
      `Trial ${trial.number} has ${values?.length ?? 0} values for ${directions.length} objectives.`,
    );
  }
  return values.map((value, k) => (directions[k] === 'maximize' ? -value : value));
}
