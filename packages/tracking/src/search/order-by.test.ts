import { InvalidArgumentError } from '@dagnostics/core';
import { describe, expect, it } from 'vitest';
import { FilterSyntaxError } from './filter-syntax-error';
import { orderBy, parseOrderBy } from './order-by';

describe('orderBy', () => {
  it('writes clauses in MLflow grammar', () => {
    expect(orderBy.metric('loss', 'ASC')).toBe('metrics.loss ASC');
    expect(orderBy.param('batch size')).toBe('params."batch size"');
    expect(orderBy.tag('mlflow.runName', 'DESC')).toBe('tags."mlflow.runName" DESC');
    expect(orderBy.attribute('start_time', 'DESC')).toBe('attributes.start_time DESC');
    expect(orderBy.metric('from')).toBe('metrics."from"');
  });

  it('refuses keys and directions MLflow cannot read', () => {
    expect(() => orderBy.metric('a"b')).toThrow(InvalidArgumentError);
    expect(() => orderBy.metric('loss', 'down' as 'ASC')).toThrow(/must be 'ASC' or 'DESC'/);
  });
});

describe('parseOrderBy', () => {
  it('reads entity, key and direction, ascending by default', () => {
    expect(parseOrderBy('metrics.loss DESC')).toEqual({
      entity: 'metric',
      key: 'loss',
      ascending: false,
    });
    expect(parseOrderBy('params.`a b` asc')).toEqual({
      entity: 'param',
      key: 'a b',
      ascending: true,
    });
    expect(parseOrderBy(' tags."mlflow.runName" ')).toEqual({
      entity: 'tag',
      key: 'mlflow.runName',
      ascending: true,
    });
    expect(parseOrderBy('created DESC')).toEqual({
      entity: 'attribute',
      key: 'start_time',
      ascending: false,
    });
  });

  it.each(['datasets.name', 'metrics.loss DOWN', 'metrics.loss ASC DESC', 'nothing', ''])(
    'rejects %j',
    (text) => {
      expect(() => parseOrderBy(text)).toThrow(FilterSyntaxError);
    },
  );
});
