import { describe, expect, it } from 'vitest';
import { readGolden } from '../../../test/support/golden';
import { createFrozenTrial } from '../../trial/frozen-trial';
import type { FrozenTrial, JsonValue, StudyDirection } from '../../types';
import { crowdingDistanceSort, crowdingDistances } from './crowding-distance';
import { constraintViolation, selectElitePopulation } from './elite-selection';
import { nonDominationRanks } from './non-dominated-sort';
import { type NumericDistribution, NumericTransform } from './numeric-transform';

interface GoldenCase {
  name: string;
  directions: StudyDirection[];
  values: number[][];
  constraints: (Record<string, number> | null)[] | null;
  order: number[];
  ranks: number[];
  crowdingDistances: Record<string, number>;
  crowdingOrderAfterDistances: number[];
  crowdingSortOrder: number[];
  elite: Record<string, number[]>;
}

interface TransformCase {
  space: Record<string, NumericDistribution>;
  bounds: [number, number][];
  params: Record<string, number>;
  transformed: number[];
  points: { point: number[]; untransformed: Record<string, number> }[];
}

const golden = readGolden<{ populations: GoldenCase[]; transforms: TransformCase }>(
  new URL('./__fixtures__/nsga2.json', import.meta.url),
).cases;
const cases = golden.populations;

/** The case's trials in the case's population order. */
function population(c: GoldenCase): FrozenTrial[] {
  const trials = c.values.map((values, number) => {
    const systemAttrs: Record<string, JsonValue> = {};
    for (const [key, value] of Object.entries(c.constraints?.[number] ?? {})) {
      systemAttrs[`constraints:${key}`] = value;
    }
    return createFrozenTrial({ number, trialId: number, state: 'COMPLETE', values, systemAttrs });
  });
  return c.order.map((index) => trials[index] as FrozenTrial);
}

describe('NSGA-II against Optuna 5.0.0 (gen_tune_nsga2.py)', () => {
  it('has the cases', () => {
    expect(cases.length).toBeGreaterThanOrEqual(10);
  });

  for (const c of cases) {
    describe(c.name, () => {
      it('non-domination ranks', () => {
        const trials = population(c);
        const losses = trials.map((trial) =>
          (trial.values as number[]).map((v, k) => (c.directions[k] === 'maximize' ? -v : v)),
        );
        const penalty = c.constraints === null ? null : trials.map(constraintViolation);
        expect(nonDominationRanks(losses, penalty)).toEqual(c.ranks);
      });

      it('crowding distances and the order they leave', () => {
        const trials = population(c);
        const distances = crowdingDistances(trials);
        for (const [number, expected] of Object.entries(c.crowdingDistances)) {
          const actual = distances.get(Number(number)) as number;
          if (Number.isFinite(expected)) expect(actual).toBeCloseTo(expected, 12);
          else expect(actual).toBe(expected);
        }
        expect(trials.map((trial) => trial.number)).toEqual(c.crowdingOrderAfterDistances);
        const sorted = population(c);
        crowdingDistanceSort(sorted);
        expect(sorted.map((trial) => trial.number)).toEqual(c.crowdingSortOrder);
      });

      it('elite population (survivors in order)', () => {
        for (const [size, expected] of Object.entries(c.elite)) {
          const elite = selectElitePopulation(population(c), c.directions, Number(size));
          expect(
            elite.map((trial) => trial.number),
            `populationSize ${size}`,
          ).toEqual(expected);
        }
      });
    });
  }
});

describe('numeric crossover space against Optuna 5.0.0 (_SearchSpaceTransform)', () => {
  const t = golden.transforms;
  const transform = new NumericTransform(t.space);

  it('has the same bounds and transformed values', () => {
    transform.bounds.forEach(([low, high], d) => {
      expect(low).toBeCloseTo((t.bounds[d] as [number, number])[0], 14);
      expect(high).toBeCloseTo((t.bounds[d] as [number, number])[1], 14);
    });
    Array.from(transform.transform(t.params)).forEach((value, d) => {
      expect(value).toBeCloseTo(t.transformed[d] as number, 14);
    });
  });

  it('untransforms points inside and outside the bounds the same way', () => {
    expect(t.points.length).toBeGreaterThan(40);
    for (const { point, untransformed } of t.points) {
      const actual = transform.untransform(point);
      for (const [name, expected] of Object.entries(untransformed)) {
        expect(actual[name], `${name} at ${point.join(', ')}`).toBeCloseTo(expected, 12);
      }
    }
  });
});
