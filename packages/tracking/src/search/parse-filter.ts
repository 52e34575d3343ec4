import { Filter } from './filter-builder';
import { FilterScanner, type ParsedIdentifier } from './filter-scanner';
import type {
  FilterComparison,
  ListComparator,
  NumericComparator,
  StringComparator,
} from './filter-types';

type Comparator = NumericComparator | StringComparator | ListComparator;

const numericComparators: readonly string[] = ['=', '!=', '>', '>=', '<', '<='];
const stringComparators: readonly string[] = ['=', '!=', 'LIKE', 'ILIKE'];

/**
 * Parses a run filter in MLflow's search grammar (comparisons joined by AND) into a `Filter`.
 * Accepts what `SearchUtils.parse_search_filter` accepts for runs, with the comparators MLflow
 * allows per entity: entity aliases (`metric.`, `param.`, `attr.`, `run.`, a bare attribute),
 * keys bare, in double quotes or in backticks, string values in single or double quotes taken
 * as written (MLflow does not unescape), and Python string lists after IN / NOT IN. An empty
 * string gives an empty filter. Throws `FilterSyntaxError` with the position of the problem.
 *
 * @example
 * ```ts
 * parseFilter("metrics.rmse < 1 and tags.`team` = 'search'").comparisons;
 * // [{ entity: 'metric', key: 'rmse', comparator: '<', value: 1 },
 * //  { entity: 'tag', key: 'team', comparator: '=', value: 'search' }]
 * ```
 */
export function parseFilter(filter: string): Filter {
  const scanner = new FilterScanner(filter, 'filter');
  const comparisons: FilterComparison[] = [];
  scanner.skipWhitespace();
  while (!scanner.isDone) {
    if (comparisons.length > 0) {
      if (!scanner.readKeyword('AND')) {
        throw scanner.error(
          /^or\b/i.test(filter.slice(scanner.position))
            ? 'MLflow filters have no OR: run one search per alternative'
            : 'expected AND between comparisons',
        );
      }
      scanner.skipWhitespace();
    }
    comparisons.push(readComparison(scanner));
    scanner.skipWhitespace();
  }
  return new Filter(comparisons);
}

function readComparison(scanner: FilterScanner): FilterComparison {
  const identifier = scanner.readIdentifier();
  scanner.skipWhitespace();
  const comparatorPosition = scanner.position;
  const comparator = readComparator(scanner);
  scanner.skipWhitespace();
  const { entity, key } = identifier;
  const isNumeric =
    entity === 'metric' || (entity === 'attribute' && (key === 'start_time' || key === 'end_time'));
  const describe =
    entity === 'attribute' || entity === 'dataset' ? `${entity} ${key}` : `${entity}s`;

  if (comparator === 'IN' || comparator === 'NOT IN') {
    if (!(entity === 'dataset' || (entity === 'attribute' && key === 'run_id'))) {
      throw scanner.error(
        `${comparator} works only with attributes.run_id and datasets.name/digest/context`,
        comparatorPosition,
      );
    }
    return comparisonOf(identifier, comparator, scanner.readStringList());
  }
  if (isNumeric) {
    if (!numericComparators.includes(comparator)) {
      throw scanner.error(`${comparator} does not apply to ${describe}`, comparatorPosition);
    }
    const value = scanner.readNumber();
    if (value === undefined) throw scanner.error(`expected a number for ${describe}`);
    return comparisonOf(identifier, comparator, value);
  }
  if (!stringComparators.includes(comparator)) {
    throw scanner.error(
      `${comparator} does not apply to ${describe}: use =, !=, LIKE or ILIKE`,
      comparatorPosition,
    );
  }
  if (scanner.peek() !== "'" && scanner.peek() !== '"') {
    throw scanner.error(`expected a quoted string for ${describe}, e.g. 'value'`);
  }
  return comparisonOf(identifier, comparator, scanner.readQuoted());
}

function comparisonOf(
  identifier: ParsedIdentifier,
  comparator: Comparator,
  value: number | string | readonly string[],
): FilterComparison {
  return { entity: identifier.entity, key: identifier.key, comparator, value } as FilterComparison;
}

function readComparator(scanner: FilterScanner): Comparator {
  const start = scanner.position;
  const symbols = /[<>=~!]+/y;
  symbols.lastIndex = start;
  const symbol = symbols.exec(scanner.input)?.[0];
  if (symbol !== undefined) {
    if (!numericComparators.includes(symbol)) {
      throw scanner.error(`unknown comparator "${symbol}": use =, !=, >, >=, < or <=`, start);
    }
    scanner.position += symbol.length;
    return symbol as Comparator;
  }
  for (const word of ['LIKE', 'ILIKE', 'IN'] as const) {
    if (scanner.readKeyword(word)) return word;
  }
  if (scanner.readKeyword('NOT')) {
    scanner.skipWhitespace();
    if (scanner.readKeyword('IN')) return 'NOT IN';
    throw scanner.error('MLflow supports NOT only in NOT IN; use != or a LIKE pattern', start);
  }
  if (scanner.readKeyword('IS')) {
    throw scanner.error('IS NULL / IS NOT NULL is not supported by this filter language', start);
  }
  throw scanner.error(
    scanner.isDone ? 'expected a comparator at the end' : 'expected a comparator such as = or LIKE',
    start,
  );
}
