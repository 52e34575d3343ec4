import type { FilterComparison, FilterExpression } from './filter-types';
import { likePatternToRegExp } from './like-pattern';

/** A key and its value, as MLflow lists params, tags and input tags. */
export interface KeyValue {
  key: string;
  value: string;
}

/** What a filter reads from a run; the local store's runs have this shape. */
export interface FilterableRun {
  info: {
    runId: string;
    runName?: string | undefined;
    status: string;
    userId?: string | undefined;
    artifactUri?: string | undefined;
    /** Milliseconds since the epoch. */
    startTimeMs: number;
    /** Milliseconds since the epoch; absent while the run is running. */
    endTimeMs?: number | undefined;
  };
  data: {
    /** The latest value of each metric. */
    metrics: readonly { key: string; value: number }[];
    params: readonly KeyValue[];
    tags: readonly KeyValue[];
  };
  inputs: {
    datasetInputs: readonly {
      dataset: { name: string; digest: string };
      tags: readonly KeyValue[];
    }[];
  };
}

/** A compiled filter: true when the run matches every comparison. */
export type RunPredicate = (run: FilterableRun) => boolean;

/** The input tag that holds a dataset's context (`training`, `validation`, ...). */
const datasetContextTag = 'mlflow.data.context';

/**
 * Compiles a filter into a predicate (LIKE patterns become regular expressions once), with
 * MLflow's semantics: a run without the metric, param, tag or attribute never matches (not even
 * `!=`); NaN compares as IEEE does (only `!=` holds); dataset comparisons hold when any of the
 * run's dataset inputs matches; LIKE is case-sensitive and ILIKE is not.
 */
export function compileFilter(filter: FilterExpression): RunPredicate {
  const predicates = filter.comparisons.map(compileComparison);
  return (run) => predicates.every((predicate) => predicate(run));
}

/** Whether `run` matches `filter`. To test many runs, `compileFilter()` once instead. */
export function evaluateFilter(filter: FilterExpression, run: FilterableRun): boolean {
  return compileFilter(filter)(run);
}

type ValueTest = (value: string | number | undefined) => boolean;

function compileComparison(comparison: FilterComparison): RunPredicate {
  const test = compileTest(comparison);
  switch (comparison.entity) {
    case 'metric':
      return (run) => test(findValue(run.data.metrics, comparison.key));
    case 'param':
      return (run) => test(findValue(run.data.params, comparison.key));
    case 'tag':
      return (run) => test(findValue(run.data.tags, comparison.key));
    case 'attribute':
      return (run) => test(attributeOf(run, comparison.key));
    case 'dataset':
      return (run) =>
        run.inputs.datasetInputs.some((input) =>
          comparison.key === 'context'
            ? input.tags.some((tag) => tag.key === datasetContextTag && test(tag.value))
            : test(input.dataset[comparison.key]),
        );
  }
}

function compileTest(comparison: FilterComparison): ValueTest {
  const { comparator, value: expected } = comparison;
  if (typeof expected === 'object') {
    const values = new Set(expected);
    const isIn = comparator === 'IN';
    return (value) => typeof value === 'string' && values.has(value) === isIn;
  }
  if (comparator === 'LIKE' || comparator === 'ILIKE') {
    const pattern = likePatternToRegExp(expected as string, comparator === 'ILIKE');
    return (value) => typeof value === 'string' && pattern.test(value);
  }
  const compare = comparators[comparator as keyof typeof comparators];
  return (value) =>
    value !== undefined && typeof value === typeof expected && compare(value, expected);
}

const comparators = {
  '=': (left: string | number, right: string | number) => left === right,
  '!=': (left: string | number, right: string | number) => left !== right,
  '>': (left: string | number, right: string | number) => left > right,
  '>=': (left: string | number, right: string | number) => left >= right,
  '<': (left: string | number, right: string | number) => left < right,
  '<=': (left: string | number, right: string | number) => left <= right,
};

function findValue<Value>(
  entries: readonly { key: string; value: Value }[],
  key: string,
): Value | undefined {
  return entries.find((entry) => entry.key === key)?.value;
}

function attributeOf(run: FilterableRun, key: string): string | number | undefined {
  const { info } = run;
  switch (key) {
    case 'run_id':
      return info.runId;
    case 'run_name':
      return info.runName;
    case 'status':
      return info.status;
    case 'user_id':
      return info.userId;
    case 'artifact_uri':
      return info.artifactUri;
    case 'start_time':
      return info.startTimeMs;
    case 'end_time':
      return info.endTimeMs;
    default:
      return undefined;
  }
}
