import { describe, expect, it } from 'vitest';
import type {
  CategoricalChoice,
  Distribution,
  FrozenTrial,
  JsonValue,
  StudyDirection,
  StudyView,
  TrialState,
} from '../../types';
import { expectClose, tpeGolden } from './__fixtures__/golden';
import { TPESampler } from './tpe-sampler';

interface AcquisitionCase {
  directions: StudyDirection[];
  options: { multivariate: boolean | null; constant_liar: boolean };
  trials: {
    number: number;
    state: TrialState;
    values: number[] | null;
    params: Record<string, number | CategoricalChoice>;
    distributions: Record<string, Distribution>;
    intermediate: [number, number][];
    system_attrs: Record<string, JsonValue>;
  }[];
  relative_space: string[];
  evaluations: {
    space: Record<string, Distribution>;
    candidates: Record<string, number[]>;
    acquisition: number[];
  }[];
}

const cases = tpeGolden<{ acquisition: AcquisitionCase[] }>().acquisition;

function toFrozen(t: AcquisitionCase['trials'][number]): FrozenTrial {
  return {
    number: t.number,
    trialId: t.number,
    state: t.state,
    values: t.values,
    datetimeStart: null,
    datetimeComplete: null,
    params: t.params,
    distributions: t.distributions,
    userAttrs: {},
    systemAttrs: t.system_attrs,
    intermediateValues: new Map(t.intermediate),
  };
}

describe('whole-study acquisition against Optuna 5.0.0 (split, observations, both estimators)', () => {
  cases.forEach((c, index) => {
    it(`case ${index}: ${c.directions.join('/')}, ${JSON.stringify(c.options)}`, () => {
      const trials = c.trials.map(toFrozen);
      const study: StudyView = { studyName: 'golden', directions: c.directions, trials };
      const current = trials[trials.length - 1] as FrozenTrial;
      const sampler = new TPESampler({
        seed: 0,
        constantLiar: c.options.constant_liar,
        ...(c.options.multivariate === null ? {} : { multivariate: c.options.multivariate }),
      });
      expect(Object.keys(sampler.inferRelativeSearchSpace(study, current))).toEqual(
        c.relative_space,
      );
      for (const evaluation of c.evaluations) {
        const actual = sampler.acquisition(study, current, evaluation.space, evaluation.candidates);
        const label = Object.keys(evaluation.space).join(',');
        evaluation.acquisition.forEach((expected, i) => {
          expectClose(actual[i] as number, expected, `${label}[${i}]`, 1e-10, 1e-11);
        });
      }
    });
  });
});
