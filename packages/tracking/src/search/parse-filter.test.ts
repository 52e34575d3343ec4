import { describe, expect, it } from 'vitest';
import { generateFilters } from './__fixtures__/generate-filters';
import { FilterSyntaxError } from './filter-syntax-error';
import { formatFilter } from './format-filter';
import { parseFilter } from './parse-filter';

function syntaxError(filter: string): FilterSyntaxError {
  try {
    parseFilter(filter);
  } catch (error) {
    if (FilterSyntaxError.isInstance(error)) return error;
    throw error;
  }
  throw new Error(`parseFilter accepted ${filter}`);
}

describe('parseFilter', () => {
  it('round-trips every generated filter: parseFilter(String(filter)) is the filter', () => {
    // fast-check does not resolve from packages/tracking (it is a devDependency of core only),
    // so the cases come from the seeded generator that the MLflow peer test also uses.
    for (const filter of generateFilters(7, 2000)) {
      const text = formatFilter(filter);
      expect(parseFilter(text).comparisons, text).toEqual(filter.comparisons);
    }
  });

  it('reads aliases, bare attributes, any case of the keywords, and both quote styles', () => {
    const filter = parseFilter(
      "metric.a >= -1.5 and param.`b c` = \"it's\" AND tag.x like 'a%' AND attr.status != 'FAILED' AND created > 5 AND `run name` ILIKE 'x%' AND run_id not in ('a', \"b\",)",
    );
    expect(filter.comparisons).toEqual([
      { entity: 'metric', key: 'a', comparator: '>=', value: -1.5 },
      { entity: 'param', key: 'b c', comparator: '=', value: "it's" },
      { entity: 'tag', key: 'x', comparator: 'LIKE', value: 'a%' },
      { entity: 'attribute', key: 'status', comparator: '!=', value: 'FAILED' },
      { entity: 'attribute', key: 'start_time', comparator: '>', value: 5 },
      { entity: 'attribute', key: 'run_name', comparator: 'ILIKE', value: 'x%' },
      { entity: 'attribute', key: 'run_id', comparator: 'NOT IN', value: ['a', 'b'] },
    ]);
    expect(String(filter)).toBe(
      `metrics.a >= -1.5 AND params."b c" = "it's" AND tags.x LIKE 'a%' AND attributes.status != 'FAILED' AND attributes.start_time > 5 AND attributes.run_name ILIKE 'x%' AND attributes.run_id NOT IN ('a', 'b')`,
    );
  });

  it('keeps string values as written, as MLflow does (no unescaping)', () => {
    expect(parseFilter("tags.t = 'a''b'").comparisons[0]?.value).toBe("a''b");
    expect(parseFilter("tags.t = 'a\\'b'").comparisons[0]?.value).toBe("a\\'b");
    expect(parseFilter('tags.t = "x\\ty"').comparisons[0]?.value).toBe('x\\ty');
  });

  it('decodes Python escapes and concatenation in IN lists, as MLflow (ast.literal_eval) does', () => {
    expect(
      parseFilter("run_id IN ('a\\x27b', 'c\\\\', 'd' \"e\", '\\u00e9\\n', '\\q')").comparisons[0]
        ?.value,
    ).toEqual(["a'b", 'c\\', 'de', 'é\n', '\\q']);
  });

  it('reads the number forms sqlparse reads', () => {
    const values = parseFilter(
      'metrics.a > .5 AND metrics.b < 5. AND metrics.c = 1e-7 AND metrics.d = -0 AND metrics.e = 2E3',
    ).comparisons.map((comparison) => comparison.value);
    expect(values).toEqual([0.5, 5, 1e-7, -0, 2000]);
  });

  it('gives an empty filter for an empty or blank string', () => {
    expect(parseFilter('').comparisons).toEqual([]);
    expect(parseFilter('  \n ').comparisons).toEqual([]);
  });

  it.each([
    ['metrics.a > 1 OR metrics.b < 2', 14, /no OR/],
    ["metrics.a LIKE 'x'", 10, /LIKE does not apply to metrics/],
    ["params.a > 'x'", 9, /> does not apply to params/],
    ['params.a = x', 11, /expected a quoted string/],
    ["params.a IN ('x')", 9, /IN works only with/],
    ["unknown.a = 'x'", 0, /unknown entity type "unknown"/],
    ["attributes.foo = 'x'", 11, /unknown attribute "foo"/],
    ["datasets.source = 'x'", 9, /unknown dataset key "source"/],
    ['metrics.a > 1e+5', 12, /expected a number/],
    ['metrics.a == 1', 10, /unknown comparator "=="/],
    ["params.a NOT LIKE 'x'", 9, /NOT only in NOT IN/],
    ['tags.a IS NULL', 7, /IS NULL/],
    ["tags.a = 'x", 9, /unterminated ' quote/],
    ['attributes.run_id IN ()', 22, /at least one value/],
    ["params.a = 'x' metrics.b > 1", 15, /expected AND/],
    ['metrics.a = 1 AND', 17, /expected an identifier/],
  ])('rejects %j at position %i', (filter, position, message) => {
    const error = syntaxError(filter);
    expect(error.position).toBe(position);
    expect(error.message).toMatch(message);
    expect(error.input).toBe(filter);
    expect(error.argument).toBe('filter');
    expect(error.code).toBe('FILTER_SYNTAX');
    expect(error.message).toContain(`\n  ${filter}\n  ${' '.repeat(position)}^`);
  });
});
