import { formatNumber, formatStringList, quoteKey, quoteString } from './filter-literals';
import type { FilterComparison, FilterExpression } from './filter-types';

const prefixes: Record<FilterComparison['entity'], string> = {
  metric: 'metrics',
  param: 'params',
  tag: 'tags',
  attribute: 'attributes',
  dataset: 'datasets',
};

/**
 * A filter in MLflow's search grammar, e.g.
 * `metrics.accuracy > 0.9 AND tags."mlflow.runName" LIKE 'exp-%'`. Empty for no comparisons.
 * Throws `InvalidArgumentError` for a value the grammar cannot express (see `quoteString`).
 */
export function formatFilter(expression: FilterExpression): string {
  return expression.comparisons.map(formatComparison).join(' AND ');
}

/** One comparison in MLflow's search grammar. */
export function formatComparison(comparison: FilterComparison): string {
  const identifier = `${prefixes[comparison.entity]}.${quoteKey(comparison.key)}`;
  const { value } = comparison;
  let literal: string;
  if (typeof value === 'number') literal = formatNumber(value);
  else if (typeof value === 'string') literal = quoteString(value);
  else literal = formatStringList(value);
  return `${identifier} ${comparison.comparator} ${literal}`;
}
