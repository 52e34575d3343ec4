import { describe, expect, it } from 'vitest';
import type { FrozenTrial, JsonValue, StudyDirection, TrialState } from '../../types';
import { tpeGolden } from './__fixtures__/golden';
import { hypervolume, solveHssp } from './hypervolume';
import {
  infeasibilityScore,
  nonDominationRanks,
  splitTrials,
  trialConstraints,
} from './split-trials';

interface SplitCase {
  directions: StudyDirection[];
  trials: {
    number: number;
    state: TrialState;
    values: number[] | null;
    intermediate: [number, number][];
    system_attrs: Record<string, JsonValue>;
  }[];
  splits: { n_below: number; below: number[]; above: number[] }[];
}

const cases = tpeGolden<{ split: SplitCase[] }>().split;

function frozen(t: SplitCase['trials'][number]): FrozenTrial {
  return {
    number: t.number,
    trialId: t.number,
    state: t.state,
    values: t.values,
    datetimeStart: null,
    datetimeComplete: null,
    params: {},
    distributions: {},
    userAttrs: {},
    systemAttrs: t.system_attrs,
    intermediateValues: new Map(t.intermediate),
  };
}

describe('splitTrials against Optuna 5.0.0 _split_trials', () => {
  it('has single- and multi-objective cases with pruned, running and infeasible trials', () => {
    expect(cases.some((c) => c.directions.length === 3)).toBe(true);
    expect(cases.some((c) => c.trials.some((t) => t.state === 'RUNNING'))).toBe(true);
    expect(cases.some((c) => c.trials.some((t) => 'constraints' in t.system_attrs))).toBe(true);
  });

  cases.forEach((c, index) => {
    it(`case ${index}: ${c.directions.join('/')} with ${c.trials.length} trials`, () => {
      const trials = c.trials.map(frozen);
      for (const split of c.splits) {
        const { below, above } = splitTrials(c.directions, trials, split.n_below);
        expect(
          below.map((t) => t.number),
          `below, n_below=${split.n_below}`,
        ).toEqual(split.below);
        expect(
          above.map((t) => t.number),
          `above, n_below=${split.n_below}`,
        ).toEqual(split.above);
      }
    });
  });
});

describe('splitTrials input order', () => {
  it('returns both sets sorted by number whatever the input order', () => {
    const make = (number: number, value: number, state: TrialState = 'COMPLETE') =>
      frozen({ number, state, values: [value], intermediate: [], system_attrs: {} });
    const trials = [make(4, 0.5), make(0, 3), make(2, 0.1), make(3, 9, 'RUNNING'), make(1, 2)];
    const { below, above } = splitTrials(['minimize'], trials, 2);
    expect(below.map((t) => t.number)).toEqual([2, 4]);
    expect(above.map((t) => t.number)).toEqual([0, 1, 3]);
    const sorted = [...trials].sort((a, b) => a.number - b.number);
    const again = splitTrials(['minimize'], sorted, 2);
    expect(again.below.map((t) => t.number)).toEqual([2, 4]);
    expect(again.above.map((t) => t.number)).toEqual([0, 1, 3]);
  });
});

describe('constraints and Pareto helpers', () => {
  it('reads both stored constraint formats', () => {
    const trial = frozen({
      number: 0,
      state: 'COMPLETE',
      values: [1],
      intermediate: [],
      system_attrs: { constraints: [0.5, -1], 'constraints:memory': 2 },
    });
    expect(trialConstraints(trial)).toEqual({ '0': 0.5, '1': -1, memory: 2 });
    expect(infeasibilityScore(trial)).toBe(2.5);
  });

  it('ranks fronts', () => {
    expect(
      nonDominationRanks([
        [1, 2],
        [2, 1],
        [2, 2],
        [3, 3],
        [1, 2],
      ]),
    ).toEqual([0, 0, 1, 2, 0]);
  });

  it('computes hypervolumes', () => {
    expect(
      hypervolume(
        [
          [1, 2],
          [2, 1],
        ],
        [3, 3],
      ),
    ).toBe(3);
    expect(hypervolume([[0, 0, 0]], [1, 2, 3])).toBe(6);
    expect(
      hypervolume(
        [
          [0, 1, 1],
          [1, 0, 1],
          [1, 1, 0],
        ],
        [2, 2, 2],
      ),
    ).toBe(4);
  });

  it('greedy HSSP picks the biggest contributors', () => {
    // The middle point of a symmetric front contributes most on its own.
    expect(
      solveHssp(
        [
          [0, 4],
          [2, 2],
          [4, 0],
        ],
        1,
        [5, 5],
      ),
    ).toEqual([1]);
    expect(
      solveHssp(
        [
          [0, 4, 4],
          [2, 2, 2],
          [4, 0, 4],
        ],
        1,
        [5, 5, 5],
      ),
    ).toEqual([1]);
    expect(
      solveHssp(
        [
          [1, 1],
          [1, 1],
          [0, 2],
        ],
        3,
        [3, 3],
      ).sort(),
    ).toEqual([0, 1, 2]);
  });
});
