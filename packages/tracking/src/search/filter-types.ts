/** Comparators MLflow accepts for metrics and numeric attributes. */
export type NumericComparator = '=' | '!=' | '>' | '>=' | '<' | '<=';
/** Comparators MLflow accepts for params, tags, string attributes and datasets. */
export type StringComparator = '=' | '!=' | 'LIKE' | 'ILIKE';
/** List comparators: only `attributes.run_id` and the dataset keys take them. */
export type ListComparator = 'IN' | 'NOT IN';

/** Run attributes compared as strings (`run_name` is the `mlflow.runName` tag). */
export type StringAttributeKey = 'run_id' | 'run_name' | 'status' | 'user_id' | 'artifact_uri';
/** Run attributes compared as numbers: milliseconds since the epoch. */
export type NumericAttributeKey = 'start_time' | 'end_time';
/** Run attributes a search can order by. */
export type OrderableAttributeKey = StringAttributeKey | NumericAttributeKey;
/** Dataset fields of a run's inputs (`context` is the input tag `mlflow.data.context`). */
export type DatasetKey = 'name' | 'digest' | 'context';
/** MLflow's run statuses. */
export type RunStatus = 'RUNNING' | 'SCHEDULED' | 'FINISHED' | 'FAILED' | 'KILLED';

/** `metrics.<key> <comparator> <number>`: compares the run's latest value of the metric. */
export interface MetricComparison {
  entity: 'metric';
  key: string;
  comparator: NumericComparator;
  value: number;
}

/** `params.<key> <comparator> '<string>'`. */
export interface ParamComparison {
  entity: 'param';
  key: string;
  comparator: StringComparator;
  value: string;
}

/** `tags.<key> <comparator> '<string>'`. */
export interface TagComparison {
  entity: 'tag';
  key: string;
  comparator: StringComparator;
  value: string;
}

/** `attributes.<key> <comparator> '<string>'`. */
export interface StringAttributeComparison {
  entity: 'attribute';
  key: StringAttributeKey;
  comparator: StringComparator;
  value: string;
}

/** `attributes.run_id IN ('…', …)`. */
export interface RunIdListComparison {
  entity: 'attribute';
  key: 'run_id';
  comparator: ListComparator;
  value: readonly string[];
}

/** `attributes.start_time <comparator> <milliseconds>`. */
export interface NumericAttributeComparison {
  entity: 'attribute';
  key: NumericAttributeKey;
  comparator: NumericComparator;
  value: number;
}

/** `datasets.<key> <comparator> '<string>'`: true when any dataset input of the run matches. */
export interface DatasetComparison {
  entity: 'dataset';
  key: DatasetKey;
  comparator: StringComparator;
  value: string;
}

/** `datasets.<key> IN ('…', …)`: true when any dataset input of the run matches. */
export interface DatasetListComparison {
  entity: 'dataset';
  key: DatasetKey;
  comparator: ListComparator;
  value: readonly string[];
}

/** One comparison of a filter. */
export type FilterComparison =
  | MetricComparison
  | ParamComparison
  | TagComparison
  | StringAttributeComparison
  | RunIdListComparison
  | NumericAttributeComparison
  | DatasetComparison
  | DatasetListComparison;

/** A run filter: comparisons joined by AND (MLflow's grammar has no OR). Empty matches every run. */
export interface FilterExpression {
  readonly comparisons: readonly FilterComparison[];
}
