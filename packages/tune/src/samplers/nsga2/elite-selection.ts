import { InvalidArgumentError } from '@dagnostics/core';
import { isConstrained, trialConstraints } from '../../trial/constraints';
import type { FrozenTrial, StudyDirection } from '../../types';
import { crowdingDistanceSort } from './crowding-distance';
import { dominatesLoss, lossVector, nonDominationRanks } from './non-dominated-sort';

/**
 * A trial's overall constraint violation: the sum of its positive constraint values (0 for
 * a feasible trial or one without constraints). Throws `InvalidArgumentError` for a NaN
 * constraint, as Optuna rejects them.
 */
export function constraintViolation(trial: FrozenTrial): number {
  let violation = 0;
  for (const value of Object.values(trialConstraints(trial.systemAttrs))) {
    if (Number.isNaN(value)) {
      throw new InvalidArgumentError({
        argument: 'constraints',
        message: `Trial ${trial.number} has a NaN constraint value; NaN is not acceptable.`,
      });
    }
    if (value > 0) violation += value;
  }
  return violation;
}

/**
 * The trials of `population` grouped by non-domination rank (front 0 first), each front in
 * population order. Maximised objectives are negated first. When any trial carries
 * constraints, constrained domination applies: feasible trials are ranked among themselves,
 * infeasible ones after them by their violation (Optuna's `_rank_population`).
 */
export function rankPopulation(
  population: readonly FrozenTrial[],
  directions: readonly StudyDirection[],
): FrozenTrial[][] {
  if (population.length === 0) return [];
  const losses = population.map((trial) => lossVector(trial, directions));
  const penalty = isConstrained(population) ? population.map(constraintViolation) : null;
  const ranks = nonDominationRanks(losses, penalty);
  const fronts: FrozenTrial[][] = [];
  population.forEach((trial, index) => {
    const rank = ranks[index] as number;
    while (fronts.length <= rank) fronts.push([]);
    (fronts[rank] as FrozenTrial[]).push(trial);
  });
  return fronts;
}

/**
 * NSGA-II's survivor selection (Optuna's `NSGAIIElitePopulationSelectionStrategy`): whole
 * fronts are taken in rank order while they fit in `populationSize`; the front that does
 * not fit is ordered by decreasing crowding distance (see `crowdingDistanceSort`) and cut.
 * Returns the survivors in that order (fewer than `populationSize` when the population is
 * smaller).
 */
export function selectElitePopulation(
  population: readonly FrozenTrial[],
  directions: readonly StudyDirection[],
  populationSize: number,
): FrozenTrial[] {
  const elite: FrozenTrial[] = [];
  for (const front of rankPopulation(population, directions)) {
    if (elite.length + front.length < populationSize) {
      elite.push(...front);
      continue;
    }
    crowdingDistanceSort(front);
    elite.push(...front.slice(0, populationSize - elite.length));
    break;
  }
  return elite;
}

/**
 * Whether `a` dominates `b` (Optuna's `_dominates`): a non-COMPLETE `a` never does, a
 * non-COMPLETE `b` always is; otherwise Pareto domination of the direction-adjusted values.
 */
export function trialDominates(
  a: FrozenTrial,
  b: FrozenTrial,
  directions: readonly StudyDirection[],
): boolean {
  if (a.state !== 'COMPLETE') return false;
  if (b.state !== 'COMPLETE') return true;
  return dominatesLoss(lossVector(a, directions), lossVector(b, directions));
}

/**
 * Constrained domination (Optuna's `_constrained_dominates`): a feasible trial dominates an
 * infeasible one; two infeasible trials compare by total violation (smaller wins); two
 * feasible trials by {@link trialDominates}.
 */
export function trialConstrainedDominates(
  a: FrozenTrial,
  b: FrozenTrial,
  directions: readonly StudyDirection[],
): boolean {
  if (a.state !== 'COMPLETE') return false;
  if (b.state !== 'COMPLETE') return true;
  const violationA = constraintViolation(a);
  const violationB = constraintViolation(b);
  const feasibleA = isAllFeasible(a);
  const feasibleB = isAllFeasible(b);
  if (feasibleA && feasibleB) return trialDominates(a, b, directions);
  if (feasibleA) return true;
  if (feasibleB) return false;
  return violationA < violationB;
}

function isAllFeasible(trial: FrozenTrial): boolean {
  return Object.values(trialConstraints(trial.systemAttrs)).every((value) => value <= 0);
}
