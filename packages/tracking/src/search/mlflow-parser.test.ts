import { fileURLToPath } from 'node:url';
import { beforeAll, expect, it } from 'vitest';
import { generateFilters, generateOrderBys } from './__fixtures__/generate-filters';
import { describeWithMlflowPeer, runPythonPeer } from './__fixtures__/mlflow-peer';
import { FilterSyntaxError } from './filter-syntax-error';
import type { FilterComparison } from './filter-types';
import { formatFilter } from './format-filter';
import { parseOrderBy } from './order-by';
import { parseFilter } from './parse-filter';

interface PeerClause {
  type: string;
  key: string;
  comparator: string;
  value: unknown;
}
type PeerFilter = { ok: true; clauses: PeerClause[] } | { ok: false; error: string };
type PeerOrderBy =
  | { ok: true; type: string; key: string; ascending: boolean }
  | { ok: false; error: string };

const script = fileURLToPath(new URL('./__fixtures__/parse-search-filters.py', import.meta.url));
const peerEntity: Record<FilterComparison['entity'], string> = {
  metric: 'metric',
  param: 'parameter',
  tag: 'tag',
  attribute: 'attribute',
  dataset: 'dataset',
};

function asPeerClause(comparison: FilterComparison): PeerClause {
  const isNumericAttribute =
    comparison.entity === 'attribute' && typeof comparison.value === 'number';
  return {
    type: peerEntity[comparison.entity],
    key: comparison.key,
    comparator: comparison.comparator,
    // Python has no integer -0, so MLflow reads `start_time > -0` as 0.
    value: isNumericAttribute ? (comparison.value as number) + 0 : comparison.value,
  };
}

const generated = generateFilters(20_260_127, 400);
const builtStrings = generated.map(formatFilter);

// Strings that both parsers must reject.
const invalidFilters = [
  'metrics.a > 1 OR metrics.b < 2',
  "metrics.a LIKE 'x'",
  "params.a > 'x'",
  'params.a = x',
  "metrics.a > 'x'",
  "params.a IN ('x')",
  "attributes.status IN ('x')",
  "unknown.a = 'x'",
  "attributes.foo = 'x'",
  "datasets.foo = 'x'",
  'metrics.a > 1e+5',
  'metrics.a >',
  'attributes.run_id IN ()',
  'metrics.a == 1',
  'metrics.a <> 1',
  "params.a NOT LIKE 'x'",
  'metrics.a > 0x10',
  "start_time > 'x'",
  '(metrics.a > 1)',
  "metrics.a > 1 AND (params.b = 'x')",
  "tags.a = 'x",
];

// Strings MLflow accepts in forms the builder never writes: aliases, bare attributes, case,
// backticks, double-quoted values, Python lists with escapes and concatenation.
const handWritten = [
  "metric.a >= -1.5 and param.`b c` = \"it's\" AND tag.x like 'a%' AND attr.status != 'FAILED'",
  "run.start_time < 5 AND created > 1 AND `run name` ILIKE 'x%' AND \"Run Name\" = 'y'",
  "attributes.run_id IN ('a', \"b\", 'c\\'d' 'e',) AND datasets.context NOT IN ('train\\x69ng')",
  'metrics.a>.5 AND metrics.b<=5. AND metrics.c=1e-7 AND metrics.d != -0',
  "tags.mlflow.runName = 'exp'",
  "parameters.a = '' AND parameter.b = \"\" AND tags.c = 'x''y'",
];

// Where the two differ on purpose: MLflow accepts a dangling AND, comparisons with no AND
// between them and IS NULL (parseFilter reports all three), and parseFilter reads a few SQL keywords as bare keys that sqlparse misreads
// (the builder always quotes them).
const mlflowOnly = [
  'metrics.a = 1 AND',
  "params.a = 'x' metrics.b > 1",
  'tags.a IS NULL',
  'params.a IS NOT NULL',
];
const parseFilterOnly = ['metrics.from > 1', 'metrics.in > 1', "params.as = 'x'"];

describeWithMlflowPeer("filter strings against MLflow's SearchUtils", () => {
  let peer: { filters: PeerFilter[]; orderBys: PeerOrderBy[] };
  const orderBys = generateOrderBys();
  const filters = [
    ...builtStrings,
    ...invalidFilters,
    ...handWritten,
    ...mlflowOnly,
    ...parseFilterOnly,
  ];
  const answerOf = (text: string) => peer.filters[filters.indexOf(text)];

  beforeAll(async () => {
    peer = await runPythonPeer(script, { filters, orderBys });
  });

  it('reads every built filter string as the comparisons that were built', () => {
    builtStrings.forEach((text, index) => {
      const expected = (generated[index]?.comparisons ?? []).map(asPeerClause);
      expect(peer.filters[index], text).toEqual({ ok: true, clauses: expected });
    });
  });

  it('parses what MLflow parses, to the same comparisons', () => {
    for (const text of handWritten) {
      const answer = answerOf(text);
      expect(answer?.ok, `${text}: ${JSON.stringify(answer)}`).toBe(true);
      expect(parseFilter(text).comparisons.map(asPeerClause), text).toEqual(
        answer?.ok === true ? answer.clauses : undefined,
      );
    }
  });

  it('rejects what MLflow rejects', () => {
    for (const text of invalidFilters) {
      expect(answerOf(text)?.ok, text).toBe(false);
      expect(() => parseFilter(text), text).toThrow(FilterSyntaxError);
    }
  });

  it('differs only where documented', () => {
    for (const text of mlflowOnly) {
      expect(answerOf(text)?.ok, text).toBe(true);
      expect(() => parseFilter(text), text).toThrow(FilterSyntaxError);
    }
    for (const text of parseFilterOnly) {
      expect(answerOf(text)?.ok, text).toBe(false);
      expect(parseFilter(text).comparisons).toHaveLength(1);
    }
  });

  it('reads every built order-by clause as built, and so does parseOrderBy', () => {
    orderBys.forEach((text, index) => {
      const ours = parseOrderBy(text);
      expect(peer.orderBys[index], text).toEqual({
        ok: true,
        type: peerEntity[ours.entity],
        key: ours.key,
        ascending: ours.ascending,
      });
    });
  });
});

it('generates filters whose strings differ (the generator explores the grammar)', () => {
  expect(new Set(builtStrings).size).toBeGreaterThan(390);
  const all = builtStrings.join('\n');
  for (const piece of ['"', '`', '\\x27', "'", 'IN (', 'NOT IN (', 'ILIKE', 'e21', '-0 ']) {
    expect(all).toContain(piece);
  }
});
