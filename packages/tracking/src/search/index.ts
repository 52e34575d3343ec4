export {
  compileFilter,
  evaluateFilter,
  type FilterableRun,
  type KeyValue,
  type RunPredicate,
} from './evaluate-filter';
export {
  Filter,
  type ListCondition,
  type NumberCondition,
  type StringCondition,
  where,
} from './filter-builder';
export { FilterSyntaxError } from './filter-syntax-error';
export type {
  DatasetComparison,
  DatasetKey,
  DatasetListComparison,
  FilterComparison,
  FilterExpression,
  ListComparator,
  MetricComparison,
  NumericAttributeComparison,
  NumericAttributeKey,
  NumericComparator,
  OrderableAttributeKey,
  ParamComparison,
  RunIdListComparison,
  RunStatus,
  StringAttributeComparison,
  StringAttributeKey,
  StringComparator,
  TagComparison,
} from './filter-types';
export { formatFilter } from './format-filter';
export { type OrderByClause, type OrderDirection, orderBy, parseOrderBy } from './order-by';
export { parseFilter } from './parse-filter';
