import { InvalidArgumentError } from '@dagnostics/core';
import { formatNumber, formatStringList, quoteKey, quoteString } from './filter-literals';
import type {
  DatasetKey,
  FilterComparison,
  FilterExpression,
  ListComparator,
  NumericAttributeKey,
  NumericComparator,
  RunStatus,
  StringAttributeKey,
  StringComparator,
} from './filter-types';
import { formatFilter } from './format-filter';

/**
 * An immutable AND of comparisons: `toString()` gives MLflow's filter string, and the local store
 * evaluates it as it is. Build one with `where`, or from a string with `parseFilter()`.
 */
export class Filter implements FilterExpression {
  readonly comparisons: readonly FilterComparison[];

  constructor(comparisons: readonly FilterComparison[] = []) {
    this.comparisons = Object.freeze([...comparisons]);
  }

  /** This filter AND the others. */
  and(...others: FilterExpression[]): Filter {
    return new Filter([...this.comparisons, ...others.flatMap((other) => other.comparisons)]);
  }

  /** The filter in MLflow's search grammar (empty string for an empty filter). */
  toString(): string {
    return formatFilter(this);
  }
}

/** Comparisons of a number: a metric's latest value, or `start_time` / `end_time`. */
export interface NumberCondition {
  eq(value: number): Filter;
  ne(value: number): Filter;
  gt(value: number): Filter;
  gte(value: number): Filter;
  lt(value: number): Filter;
  lte(value: number): Filter;
}

/**
 * Comparisons of a string. `like` / `ilike` patterns use SQL wildcards: `%` for any run of
 * characters, `_` for one character; `ilike` ignores case.
 */
export interface StringCondition<Value extends string = string> {
  eq(value: Value): Filter;
  ne(value: Value): Filter;
  like(pattern: string): Filter;
  ilike(pattern: string): Filter;
}

/** String comparisons plus IN / NOT IN a list of values. */
export interface ListCondition extends StringCondition {
  in(values: readonly string[]): Filter;
  notIn(values: readonly string[]): Filter;
}

type ComparisonOf<Value> = (comparator: string, value: Value) => Filter;

function single(comparison: FilterComparison): Filter {
  return new Filter([comparison]);
}

function numberCondition(make: ComparisonOf<number>): NumberCondition {
  const compare = (comparator: NumericComparator) => (value: number) => {
    formatNumber(value);
    return make(comparator, value);
  };
  return {
    eq: compare('='),
    ne: compare('!='),
    gt: compare('>'),
    gte: compare('>='),
    lt: compare('<'),
    lte: compare('<='),
  };
}

function stringCondition<Value extends string>(make: ComparisonOf<string>): StringCondition<Value> {
  const compare = (comparator: StringComparator) => (value: string) => {
    if (typeof value !== 'string') {
      throw new InvalidArgumentError({
        message: `A ${comparator} comparison needs a string; got ${typeof value}.`,
        argument: 'value',
      });
    }
    quoteString(value);
    return make(comparator, value);
  };
  return { eq: compare('='), ne: compare('!='), like: compare('LIKE'), ilike: compare('ILIKE') };
}

function listCondition(
  makeString: ComparisonOf<string>,
  makeList: ComparisonOf<readonly string[]>,
): ListCondition {
  const compare = (comparator: ListComparator) => (values: readonly string[]) => {
    formatStringList(values);
    return makeList(comparator, Object.freeze([...values]));
  };
  return { ...stringCondition(makeString), in: compare('IN'), notIn: compare('NOT IN') };
}

function checkKey(key: string): string {
  if (typeof key !== 'string') {
    throw new InvalidArgumentError({ message: 'A search key must be a string.', argument: 'key' });
  }
  quoteKey(key);
  return key;
}

const stringAttributes: readonly string[] = [
  'run_id',
  'run_name',
  'status',
  'user_id',
  'artifact_uri',
];
const numericAttributes: readonly string[] = ['start_time', 'end_time'];
const datasetKeys: readonly string[] = ['name', 'digest', 'context'];

function attribute(key: 'run_id'): ListCondition;
function attribute(key: 'status'): StringCondition<RunStatus>;
function attribute(key: 'run_name' | 'user_id' | 'artifact_uri'): StringCondition;
function attribute(key: NumericAttributeKey): NumberCondition;
function attribute(key: StringAttributeKey): StringCondition;
function attribute(
  key: StringAttributeKey | NumericAttributeKey,
): StringCondition | ListCondition | NumberCondition {
  if (numericAttributes.includes(key)) {
    return numberCondition((comparator, value) =>
      single({
        entity: 'attribute',
        key: key as NumericAttributeKey,
        comparator: comparator as NumericComparator,
        value,
      }),
    );
  }
  if (!stringAttributes.includes(key)) {
    throw new InvalidArgumentError({
      message: `Unknown run attribute ${JSON.stringify(key)}; use one of ${[...stringAttributes, ...numericAttributes].join(', ')}.`,
      argument: 'key',
    });
  }
  const makeString: ComparisonOf<string> = (comparator, value) =>
    single({
      entity: 'attribute',
      key: key as StringAttributeKey,
      comparator: comparator as StringComparator,
      value,
    });
  if (key !== 'run_id') return stringCondition(makeString);
  return listCondition(makeString, (comparator, value) =>
    single({ entity: 'attribute', key: 'run_id', comparator: comparator as ListComparator, value }),
  );
}

/**
 * Builds run filters with types that only allow what MLflow accepts. Combine with `.and()`;
 * `String(filter)` is MLflow's filter string.
 *
 * @example
 * ```ts
 * const filter = where.metric('accuracy').gt(0.9)
 *   .and(where.param('optimizer').eq('adam'))
 *   .and(where.tag('mlflow.runName').like('exp-%'))
 *   .and(where.attribute('status').eq('FINISHED'));
 * String(filter);
 * // metrics.accuracy > 0.9 AND params.optimizer = 'adam' AND tags."mlflow.runName" LIKE 'exp-%'
 * //   AND attributes.status = 'FINISHED'
 * ```
 */
export const where = {
  /** The run's latest value of metric `key`. */
  metric(key: string): NumberCondition {
    checkKey(key);
    return numberCondition((comparator, value) =>
      single({ entity: 'metric', key, comparator: comparator as NumericComparator, value }),
    );
  },
  /** Param `key`. */
  param(key: string): StringCondition {
    checkKey(key);
    return stringCondition((comparator, value) =>
      single({ entity: 'param', key, comparator: comparator as StringComparator, value }),
    );
  },
  /** Tag `key`, e.g. `mlflow.runName`. */
  tag(key: string): StringCondition {
    checkKey(key);
    return stringCondition((comparator, value) =>
      single({ entity: 'tag', key, comparator: comparator as StringComparator, value }),
    );
  },
  /** A run attribute: `run_id` (also IN), `run_name`, `status`, `user_id`, `artifact_uri`, `start_time`, `end_time` (ms). */
  attribute,
  /** A field of the run's dataset inputs: true when any input matches. */
  dataset(key: DatasetKey): ListCondition {
    if (!datasetKeys.includes(key)) {
      throw new InvalidArgumentError({
        message: `Unknown dataset key ${JSON.stringify(key)}; use name, digest or context.`,
        argument: 'key',
      });
    }
    return listCondition(
      (comparator, value) =>
        single({ entity: 'dataset', key, comparator: comparator as StringComparator, value }),
      (comparator, value) =>
        single({ entity: 'dataset', key, comparator: comparator as ListComparator, value }),
    );
  },
};
