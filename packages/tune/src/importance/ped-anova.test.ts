import { describe, expect, it } from 'vitest';
import { expectClose, readGolden } from '../../test/support/golden';
import { distributionFromJson } from '../distributions';
import { createFrozenTrial } from '../trial/frozen-trial';
import type { CategoricalChoice, FrozenTrial, StudyDirection, TrialState } from '../types';
import { type PedAnovaOptions, pedAnovaImportances } from './ped-anova';

interface TrialRecord {
  number: number;
  trialId: number;
  state: TrialState;
  values: number[] | null;
  params: Record<string, number | CategoricalChoice>;
  distributions: Record<string, string>;
}

interface ImportanceCase {
  name: string;
  direction: StudyDirection;
  trials: TrialRecord[];
  results: { options: PedAnovaOptions; importances: [string, number][] }[];
}

const golden = readGolden<ImportanceCase[]>(
  new URL('./__fixtures__/ped-anova.json', import.meta.url),
);

function frozen(record: TrialRecord): FrozenTrial {
  return createFrozenTrial({
    number: record.number,
    trialId: record.trialId,
    state: record.state,
    values: record.values,
    params: record.params,
    distributions: Object.fromEntries(
      Object.entries(record.distributions).map(([name, json]) => [
        name,
        distributionFromJson(json),
      ]),
    ),
  });
}

describe('pedAnovaImportances matches Optuna 5 get_param_importances (PED-ANOVA)', () => {
  for (const entry of golden.cases) {
    const trials = entry.trials.map(frozen);
    for (const result of entry.results) {
      it(`${entry.name} ${JSON.stringify(result.options)}`, () => {
        const actual = pedAnovaImportances(trials, [entry.direction], result.options);
        // Same parameters, in Optuna's order (most important first).
        const expectedNames = result.importances.map(([name]) => name);
        const distinctValues = new Set(result.importances.map(([, value]) => value));
        if (distinctValues.size === result.importances.length) {
          expect(Object.keys(actual)).toEqual(expectedNames);
        } else {
          expect(Object.keys(actual).sort()).toEqual([...expectedNames].sort());
        }
        for (const [name, value] of result.importances) {
          expectClose(actual[name] as number, value, { rtol: 1e-9, atol: 1e-15, label: name });
        }
      });
    }
  }
});

describe('pedAnovaImportances input checks', () => {
  const trials = golden.cases[0]?.trials.map(frozen) ?? [];
  it('refuses quantiles out of order', () => {
    expect(() =>
      pedAnovaImportances(trials, ['minimize'], { targetQuantile: 0.5, regionQuantile: 0.5 }),
    ).toThrow(/0 < targetQuantile < regionQuantile <= 1/);
  });
  it('refuses a parameter no trial has', () => {
    expect(() => pedAnovaImportances(trials, ['minimize'], { params: ['nope'] })).toThrow(/"nope"/);
  });
  it('needs a target for several objectives', () => {
    expect(() => pedAnovaImportances(trials, ['minimize', 'maximize'])).toThrow(/target/);
  });
});
