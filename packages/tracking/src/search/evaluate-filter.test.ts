import { describe, expect, it } from 'vitest';
import { compileFilter, evaluateFilter, type FilterableRun } from './evaluate-filter';
import { where } from './filter-builder';
import { parseFilter } from './parse-filter';

const run: FilterableRun = {
  info: {
    runId: 'run-1',
    runName: 'exp-7',
    status: 'FINISHED',
    userId: 'alice',
    startTimeMs: 1_000,
    endTimeMs: 5_000,
  },
  data: {
    metrics: [
      { key: 'accuracy', value: 0.93 },
      { key: 'loss', value: Number.NaN },
    ],
    params: [{ key: 'optimizer', value: 'Adam' }],
    tags: [
      { key: 'mlflow.runName', value: 'exp-7' },
      { key: 'note', value: 'line one\nline 2 (50%)' },
    ],
  },
  inputs: {
    datasetInputs: [
      {
        dataset: { name: 'train.csv', digest: 'aaa' },
        tags: [{ key: 'mlflow.data.context', value: 'training' }],
      },
      {
        dataset: { name: 'eval.csv', digest: 'bbb' },
        tags: [{ key: 'mlflow.data.context', value: 'validation' }],
      },
    ],
  },
};

function matches(filter: string): boolean {
  return evaluateFilter(parseFilter(filter), run);
}

describe('evaluateFilter', () => {
  it('compares the latest metric value with numeric comparators', () => {
    expect(matches('metrics.accuracy > 0.9')).toBe(true);
    expect(matches('metrics.accuracy >= 0.93 AND metrics.accuracy <= 0.93')).toBe(true);
    expect(matches('metrics.accuracy < 0.93')).toBe(false);
    expect(matches('metrics.accuracy != 0.5')).toBe(true);
  });

  it('never matches a missing metric, param, tag or attribute, not even with !=', () => {
    expect(matches('metrics.missing != 1')).toBe(false);
    expect(matches("params.missing != 'x'")).toBe(false);
    expect(matches("tags.missing != 'x'")).toBe(false);
    expect(matches("attributes.artifact_uri != 'x'")).toBe(false);
    expect(
      evaluateFilter(where.attribute('end_time').gt(0), {
        ...run,
        info: { ...run.info, endTimeMs: undefined },
      }),
    ).toBe(false);
  });

  it('compares NaN as IEEE does: only != holds', () => {
    expect(matches('metrics.loss != 0')).toBe(true);
    for (const comparator of ['=', '>', '>=', '<', '<=']) {
      expect(matches(`metrics.loss ${comparator} 0`)).toBe(false);
    }
  });

  it('matches LIKE case-sensitively and ILIKE not, over the whole value, % and _ as wildcards only', () => {
    expect(matches("params.optimizer LIKE 'Ad%'")).toBe(true);
    expect(matches("params.optimizer LIKE 'ad%'")).toBe(false);
    expect(matches("params.optimizer ILIKE 'ad%'")).toBe(true);
    expect(matches("params.optimizer LIKE 'Ada'")).toBe(false);
    expect(matches("params.optimizer LIKE 'A_am'")).toBe(true);
    expect(matches("params.optimizer LIKE 'A_m'")).toBe(false);
    expect(matches("tags.note LIKE 'line%2 (50%)'")).toBe(true);
    expect(matches("tags.note LIKE 'line one.line%'")).toBe(false);
    expect(matches("tags.note LIKE 'line one_line%'")).toBe(true);
  });

  it('takes every other character of a LIKE pattern literally', () => {
    const special = 'a-b/c.d*e+f?g^h$i{j}k(l)m|n[o]p\\q';
    const withValue = { ...run, data: { ...run.data, params: [{ key: 'p', value: special }] } };
    expect(evaluateFilter(where.param('p').like(special), withValue)).toBe(true);
    expect(evaluateFilter(where.param('p').like(`%${special.slice(4)}`), withValue)).toBe(true);
    expect(evaluateFilter(where.param('p').like(special.replace('.', 'x')), withValue)).toBe(false);
    expect(evaluateFilter(where.param('p').ilike(special.toUpperCase()), withValue)).toBe(true);
  });

  it('reads string attributes and IN lists', () => {
    expect(
      matches("attributes.status = 'FINISHED' AND run_name = 'exp-7' AND user_id = 'alice'"),
    ).toBe(true);
    expect(matches("attributes.run_id IN ('x', 'run-1')")).toBe(true);
    expect(matches("attributes.run_id NOT IN ('x', 'run-1')")).toBe(false);
    expect(matches("attributes.run_id NOT IN ('x')")).toBe(true);
    expect(matches('attributes.start_time >= 1000 AND end_time < 5001')).toBe(true);
  });

  it('matches datasets when any input matches', () => {
    expect(matches("datasets.context = 'validation'")).toBe(true);
    expect(matches("datasets.name = 'train.csv' AND datasets.digest = 'bbb'")).toBe(true);
    expect(matches("datasets.context != 'training'")).toBe(true);
    expect(matches("datasets.name IN ('other.csv')")).toBe(false);
    expect(matches("datasets.digest LIKE 'a%'")).toBe(true);
    expect(
      evaluateFilter(parseFilter("datasets.name != 'x'"), {
        ...run,
        inputs: { datasetInputs: [] },
      }),
    ).toBe(false);
  });

  it('matches every run with an empty filter, and compiles once for many runs', () => {
    expect(matches('')).toBe(true);
    const predicate = compileFilter(where.metric('accuracy').gt(0.5));
    const low = { ...run, data: { ...run.data, metrics: [{ key: 'accuracy', value: 0.1 }] } };
    expect([run, low].map(predicate)).toEqual([true, false]);
  });
});
