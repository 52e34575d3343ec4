import { InvalidArgumentError } from '@dagnostics/core';
import { quoteKey } from './filter-literals';
import { FilterScanner } from './filter-scanner';
import type { OrderableAttributeKey } from './filter-types';

/** Sort direction of an order-by clause. MLflow's default is ascending. */
export type OrderDirection = 'ASC' | 'DESC';

/** A parsed order-by clause. */
export interface OrderByClause {
  entity: 'metric' | 'param' | 'tag' | 'attribute';
  key: string;
  ascending: boolean;
}

function clause(prefix: string, key: string, direction: OrderDirection | undefined): string {
  const quoted = quoteKey(key);
  // MLflow splits order-by clauses with shlex after turning backticks into double quotes, so
  // only a key that double quotes can hold safely can be ordered by.
  if (quoted.startsWith('`')) {
    throw new InvalidArgumentError({
      message: `Cannot order by ${JSON.stringify(key)}: MLflow's order-by parser cannot read a key holding a double quote or a backslash.`,
      argument: 'key',
    });
  }
  if (direction !== undefined && direction !== 'ASC' && direction !== 'DESC') {
    throw new InvalidArgumentError({
      message: `The direction must be 'ASC' or 'DESC'; got ${JSON.stringify(direction)}.`,
      argument: 'direction',
    });
  }
  return `${prefix}.${quoted}${direction === undefined ? '' : ` ${direction}`}`;
}

/**
 * Builds order-by clauses for `searchRuns({ orderBy: [...] })`, e.g.
 * `orderBy.metric('loss', 'ASC')` → `metrics.loss ASC`. Without a direction MLflow sorts
 * ascending. Runs without the value sort last either way.
 */
export const orderBy = {
  /** By the run's latest value of metric `key`. */
  metric: (key: string, direction?: OrderDirection): string => clause('metrics', key, direction),
  /** By param `key` (as a string). */
  param: (key: string, direction?: OrderDirection): string => clause('params', key, direction),
  /** By tag `key` (as a string). */
  tag: (key: string, direction?: OrderDirection): string => clause('tags', key, direction),
  /** By a run attribute (`start_time` and `end_time` in ms). */
  attribute: (key: OrderableAttributeKey, direction?: OrderDirection): string =>
    clause('attributes', key, direction),
};

/**
 * Parses one order-by clause (`metrics.loss DESC`, `params."batch size"`, `start_time`) as
 * MLflow's `parse_order_by_for_search_runs` does. Throws `FilterSyntaxError`.
 */
export function parseOrderBy(text: string): OrderByClause {
  const scanner = new FilterScanner(text, 'orderBy');
  scanner.skipWhitespace();
  const identifier = scanner.readIdentifier();
  if (identifier.entity === 'dataset') {
    throw scanner.error('runs cannot be ordered by a dataset field', identifier.position);
  }
  scanner.skipWhitespace();
  let ascending = true;
  if (scanner.readKeyword('DESC')) ascending = false;
  else scanner.readKeyword('ASC');
  scanner.skipWhitespace();
  if (!scanner.isDone) throw scanner.error('expected ASC or DESC at the end');
  return { entity: identifier.entity, key: identifier.key, ascending };
}
