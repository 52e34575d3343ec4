import { describe, expect, it } from 'vitest';
import { catchError } from '../../../test/support/catch-error';
import { tableFromColumns } from '../../arrow';
import { InvalidArgumentError } from '../../errors';
import { inferSchema } from './index';

describe('inferSchema', () => {
  it('infers type, presence, numeric range and string domain per column', () => {
    const table = tableFromColumns({
      id: new Int32Array([1, 2, 3, 4]),
      price: [2.5, null, 10, -1],
      country: ['fr', 'de', null, 'fr'],
      paid: [true, false, true, null],
    });
    const schema = inferSchema(table);
    expect(schema).toEqual({
      rowCount: 4,
      columns: [
        {
          name: 'id',
          valueType: 'integer',
          presence: { nullCount: 0, nullFraction: 0 },
          range: { min: 1, max: 4, nanCount: 0 },
        },
        {
          name: 'price',
          valueType: 'float',
          presence: { nullCount: 1, nullFraction: 0.25 },
          range: { min: -1, max: 10, nanCount: 0 },
        },
        {
          name: 'country',
          valueType: 'string',
          presence: { nullCount: 1, nullFraction: 0.25 },
          domain: ['de', 'fr'],
        },
        { name: 'paid', valueType: 'boolean', presence: { nullCount: 1, nullFraction: 0.25 } },
      ],
    });
    expect(JSON.parse(JSON.stringify(schema))).toEqual(schema);
  });

  it('leaves out the domain of a string column with more distinct values than maxDomainSize', () => {
    const ids = Array.from({ length: 150 }, (_, index) => `user-${index}`);
    const table = tableFromColumns({ user: ids, tier: ids.map((_, i) => (i % 2 ? 'a' : 'b')) });
    const [user, tier] = inferSchema(table).columns;
    expect(user?.domain).toBeUndefined();
    expect(tier?.domain).toEqual(['a', 'b']);
    expect(inferSchema(table, { maxDomainSize: 1 }).columns[1]?.domain).toBeUndefined();
  });

  it('counts NaN apart from the range', () => {
    const schema = inferSchema(tableFromColumns({ x: new Float64Array([1, Number.NaN, 3]) }));
    expect(schema.columns[0]?.range).toEqual({ min: 1, max: 3, nanCount: 1 });
  });

  it('gives an empty table neither range nor domain, and a null fraction of 0', () => {
    const schema = inferSchema(
      tableFromColumns({ x: new Float64Array(0), name: new Array<string>(0) }),
    );
    expect(schema.rowCount).toBe(0);
    for (const column of schema.columns) {
      expect(column.presence).toEqual({ nullCount: 0, nullFraction: 0 });
      expect(column.range).toBeUndefined();
      expect(column.domain).toBeUndefined();
    }
  });

  it('rejects a negative maxDomainSize', () => {
    const error = catchError(() =>
      inferSchema(tableFromColumns({ x: [1] }), { maxDomainSize: -1 }),
    );
    expect(InvalidArgumentError.isInstance(error)).toBe(true);
  });
});
