import { isConstrained, isFeasible } from '../trial/constraints';
import type { FrozenTrial, StudyDirection } from '../types';

/**
 * Whether `a` dominates `b`: no worse in every objective and better in at least one
 * (minimization after flipping maximized objectives).
 */
export function dominates(
  a: readonly number[],
  b: readonly number[],
  directions: readonly StudyDirection[],
): boolean {
  let better = false;
  for (let index = 0; index < directions.length; index += 1) {
    const sign = directions[index] === 'maximize' ? -1 : 1;
    const left = sign * (a[index] as number);
    const right = sign * (b[index] as number);
    if (left > right) return false;
    if (left < right) better = true;
  }
  return better;
}

/** The COMPLETE trials that count for "best": all of them, or only feasible ones once any trial has constraints. */
export function candidateTrials(trials: readonly FrozenTrial[]): FrozenTrial[] {
  const complete = trials.filter((trial) => trial.state === 'COMPLETE' && trial.values !== null);
  return isConstrained(trials) ? complete.filter(isFeasible) : complete;
}

/**
 * The single-objective best of `trials` (the first one on ties), or null when none is
 * a candidate (see {@link candidateTrials}).
 */
export function bestOf(
  trials: readonly FrozenTrial[],
  direction: StudyDirection,
): FrozenTrial | null {
  let best: FrozenTrial | null = null;
  for (const trial of candidateTrials(trials)) {
    const value = (trial.values as readonly number[])[0] as number;
    const bestValue = best === null ? null : ((best.values as readonly number[])[0] as number);
    if (bestValue === null || (direction === 'minimize' ? value < bestValue : value > bestValue)) {
      best = trial;
    }
  }
  return best;
}

/**
 * The Pareto front of the candidate trials (Optuna's `best_trials`): those no other
 * candidate dominates, in number order. Trials with equal values are all kept.
 */
export function paretoFront(
  trials: readonly FrozenTrial[],
  directions: readonly StudyDirection[],
): FrozenTrial[] {
  const candidates = candidateTrials(trials);
  return candidates.filter(
    (trial) =>
      !candidates.some(
        (other) =>
          other !== trial &&
          dominates(
            other.values as readonly number[],
            trial.values as readonly number[],
            directions,
          ),
      ),
  );
}
