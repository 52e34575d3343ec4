import { InvalidArgumentError } from '@dagnostics/core';
import { describe, expect, it } from 'vitest';
import { Filter, where } from './filter-builder';

describe('where', () => {
  it('writes the filter of the example in MLflow grammar', () => {
    const filter = where
      .metric('accuracy')
      .gt(0.9)
      .and(where.param('optimizer').eq('adam'))
      .and(where.tag('mlflow.runName').like('exp-%'))
      .and(where.attribute('status').eq('FINISHED'));
    expect(String(filter)).toBe(
      `metrics.accuracy > 0.9 AND params.optimizer = 'adam' AND tags."mlflow.runName" LIKE 'exp-%' AND attributes.status = 'FINISHED'`,
    );
    expect(filter.comparisons).toEqual([
      { entity: 'metric', key: 'accuracy', comparator: '>', value: 0.9 },
      { entity: 'param', key: 'optimizer', comparator: '=', value: 'adam' },
      { entity: 'tag', key: 'mlflow.runName', comparator: 'LIKE', value: 'exp-%' },
      { entity: 'attribute', key: 'status', comparator: '=', value: 'FINISHED' },
    ]);
  });

  it('has every comparator of each entity', () => {
    const metric = where.metric('m');
    expect(
      [metric.eq(1), metric.ne(1), metric.gt(1), metric.gte(1), metric.lt(1), metric.lte(1)].map(
        String,
      ),
    ).toEqual([
      'metrics.m = 1',
      'metrics.m != 1',
      'metrics.m > 1',
      'metrics.m >= 1',
      'metrics.m < 1',
      'metrics.m <= 1',
    ]);
    const tag = where.tag('t');
    expect([tag.eq('a'), tag.ne('a'), tag.like('a%'), tag.ilike('A_')].map(String)).toEqual([
      "tags.t = 'a'",
      "tags.t != 'a'",
      "tags.t LIKE 'a%'",
      "tags.t ILIKE 'A_'",
    ]);
    expect(String(where.attribute('start_time').gte(1_700_000_000_000))).toBe(
      'attributes.start_time >= 1700000000000',
    );
    expect(String(where.attribute('run_id').in(['a', 'b']))).toBe(
      "attributes.run_id IN ('a', 'b')",
    );
    expect(String(where.dataset('context').notIn(['training']))).toBe(
      "datasets.context NOT IN ('training')",
    );
    expect(String(where.dataset('name').eq('reviews'))).toBe("datasets.name = 'reviews'");
  });

  it('quotes keys that are not plain identifiers or that sqlparse misreads', () => {
    expect(String(where.metric('model class').lt(1))).toBe('metrics."model class" < 1');
    expect(String(where.param('extra-key').eq('x'))).toBe(`params."extra-key" = 'x'`);
    expect(String(where.metric('from').lt(1))).toBe('metrics."from" < 1');
    expect(String(where.metric('1a').lt(1))).toBe('metrics."1a" < 1');
    expect(String(where.tag('a"b').eq('x'))).toBe("tags.`a\"b` = 'x'");
    expect(String(where.tag('a\\b').eq('x'))).toBe("tags.`a\\b` = 'x'");
    expect(() => where.tag('a"`b')).toThrow(InvalidArgumentError);
    expect(() => where.tag('')).toThrow(InvalidArgumentError);
  });

  it('writes a value holding a single quote in double quotes, and refuses what MLflow cannot read', () => {
    expect(String(where.param('p').eq("it's"))).toBe(`params.p = "it's"`);
    expect(String(where.param('p').eq('say "hi"'))).toBe(`params.p = 'say "hi"'`);
    expect(() => where.param('p').eq(`it's "x"`)).toThrow(/both ' and "/);
    expect(() => where.param('p').eq('ends\\')).toThrow(InvalidArgumentError);
  });

  it('writes list items as Python literals, so any string fits', () => {
    expect(String(where.attribute('run_id').in([`a'b"c`, 'd\\', 'e\nf']))).toBe(
      "attributes.run_id IN ('a\\x27b\"c', 'd\\x5c', 'e\\x0af')",
    );
    expect(() => where.attribute('run_id').in([])).toThrow(/at least one/);
  });

  it('writes numbers as sqlparse reads them and refuses non-finite ones', () => {
    expect(String(where.metric('m').gt(1e21))).toBe('metrics.m > 1e21');
    expect(String(where.metric('m').gt(1.5e-7))).toBe('metrics.m > 1.5e-7');
    expect(String(where.metric('m').gt(-0))).toBe('metrics.m > -0');
    expect(String(where.metric('m').gt(-2.5))).toBe('metrics.m > -2.5');
    expect(() => where.metric('m').gt(Number.NaN)).toThrow(/finite/);
    expect(() => where.metric('m').lt(Number.POSITIVE_INFINITY)).toThrow(InvalidArgumentError);
  });

  it('rejects unknown attributes and dataset keys', () => {
    expect(() => where.attribute('lifecycle' as 'status')).toThrow(/Unknown run attribute/);
    expect(() => where.dataset('source' as 'name')).toThrow(/Unknown dataset key/);
  });

  it('combines immutably', () => {
    const base = where.metric('a').gt(1);
    const combined = base.and(where.metric('b').lt(2), where.metric('c').eq(3));
    expect(base.comparisons).toHaveLength(1);
    expect(combined.comparisons).toHaveLength(3);
    expect(Object.isFrozen(combined.comparisons)).toBe(true);
    expect(String(new Filter())).toBe('');
  });
});
