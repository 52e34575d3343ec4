import type { OrderByClause } from '../search/order-by';
import { compareStrings } from './run-index';
import type { LocalRun } from './types';

type SortValue = string | number | undefined;

/**
 * Sorts runs as MLflow's SQL store does: for each clause, runs with a value first (ascending or
 * descending), then runs whose metric is NaN, then runs without the value; then start time
 * descending (unless a clause already orders by it), then run id.
 */
export function sortRuns(runs: LocalRun[], clauses: readonly OrderByClause[]): LocalRun[] {
  const keys: OrderByClause[] = [...clauses];
  if (!clauses.some((clause) => clause.entity === 'attribute' && clause.key === 'start_time')) {
    keys.push({ entity: 'attribute', key: 'start_time', ascending: false });
  }
  keys.push({ entity: 'attribute', key: 'run_id', ascending: true });
  return runs.sort((left, right) => {
    for (const key of keys) {
      const order = compareValues(sortValue(left, key), sortValue(right, key), key.ascending);
      if (order !== 0) return order;
    }
    return 0;
  });
}

function compareValues(left: SortValue, right: SortValue, ascending: boolean): number {
  const leftRank = rank(left);
  const rightRank = rank(right);
  if (leftRank !== rightRank) return leftRank - rightRank;
  if (leftRank !== 0) return 0;
  const order =
    typeof left === 'number' && typeof right === 'number'
      ? left < right
        ? -1
        : left > right
          ? 1
          : 0
      : compareStrings(String(left), String(right));
  return ascending ? order : -order;
}

/** 0: a value, 1: NaN, 2: missing. */
function rank(value: SortValue): number {
  if (value === undefined) return 2;
  return typeof value === 'number' && Number.isNaN(value) ? 1 : 0;
}

function sortValue(run: LocalRun, clause: OrderByClause): SortValue {
  switch (clause.entity) {
    case 'metric':
      return run.data.metrics.find((metric) => metric.key === clause.key)?.value;
    case 'param':
      return run.data.params.find((param) => param.key === clause.key)?.value;
    case 'tag':
      return run.data.tags.find((tag) => tag.key === clause.key)?.value;
    case 'attribute':
      return attributeValue(run, clause.key);
  }
}

function attributeValue(run: LocalRun, key: string): SortValue {
  switch (key) {
    case 'run_id':
      return run.info.runId;
    case 'run_name':
      return run.info.runName;
    case 'status':
      return run.info.status;
    case 'user_id':
      return run.info.userId;
    case 'start_time':
      return run.info.startTimeMs;
    case 'end_time':
      return run.info.endTimeMs;
    default:
      return undefined;
  }
}
