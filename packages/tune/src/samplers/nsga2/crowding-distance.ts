import type { FrozenTrial } from '../../types';

/**
 * Crowding distance of each trial of one non-domination front, keyed by trial number
 * (Optuna's `_calc_crowding_distance`, raw objective values, no direction applied): the sum
 * over objectives of the gap between the two neighbours in that objective, divided by the
 * objective's finite range. An objective whose values are all equal adds nothing; the
 * points at either end see −∞ or +∞ as their outer neighbour (so they get an infinite
 * distance unless equal values are there too); a gap between two equal infinite values is
 * 0; a range that is not positive counts as 1.
 *
 * `population` is re-ordered in place, as Optuna's is: after the call it is sorted
 * (stably) by its last objective, each objective's stable sort applied in turn.
 */
export function crowdingDistances(population: FrozenTrial[]): Map<number, number> {
  const distances = new Map<number, number>();
  for (const trial of population) distances.set(trial.number, 0);
  if (population.length === 0) return distances;
  const nObjectives = valuesOf(population[0] as FrozenTrial).length;
  for (let k = 0; k < nObjectives; k++) {
    const value = (trial: FrozenTrial) => valuesOf(trial)[k] as number;
    population.sort((a, b) => compareNumbers(value(a), value(b)));
    const first = value(population[0] as FrozenTrial);
    const last = value(population[population.length - 1] as FrozenTrial);
    if (first === last) continue;
    const padded = [Number.NEGATIVE_INFINITY, ...population.map(value), Number.POSITIVE_INFINITY];
    const lowest = padded.find((v) => v !== Number.NEGATIVE_INFINITY) as number;
    let highest = Number.POSITIVE_INFINITY;
    for (let j = padded.length - 1; j >= 0 && highest === Number.POSITIVE_INFINITY; j--) {
      highest = padded[j] as number;
    }
    let width = highest - lowest;
    if (!(width > 0)) width = 1;
    population.forEach((trial, j) => {
      const below = padded[j] as number;
      const above = padded[j + 2] as number;
      const gap = below === above ? 0 : above - below;
      distances.set(trial.number, (distances.get(trial.number) as number) + gap / width);
    });
  }
  return distances;
}

/**
 * Orders one front from the largest crowding distance to the smallest, in place, as
 * Optuna's `_crowding_distance_sort` does: a stable ascending sort by distance (after the
 * per-objective sorts of {@link crowdingDistances}) then reversed, so among equal
 * distances the later trial of that order comes first.
 */
export function crowdingDistanceSort(population: FrozenTrial[]): void {
  const distances = crowdingDistances(population);
  population.sort((a, b) =>
    compareNumbers(distances.get(a.number) as number, distances.get(b.number) as number),
  );
  population.reverse();
}

function valuesOf(trial: FrozenTrial): readonly number[] {
  if (trial.values === null) {
    throw new RangeError(`Trial ${trial.number} has no objective values.`);
  }
  return trial.values;
}

/** Python's `<` ordering for a sort key (NaN-free inputs). */
function compareNumbers(a: number, b: number): number {
  return a < b ? -1 : a > b ? 1 : 0;
}
