import {
  Bool,
  DateDay,
  Field,
  Float64,
  Int64,
  List,
  Schema,
  Table,
  TimestampMillisecond,
  Utf8,
  vectorFromArray,
} from 'apache-arrow';
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { columnValues } from '../../test/support/arrow';
import { InvalidArgumentError } from '../errors';
import {
  readJsonLines,
  stringColumn,
  tableFromColumns,
  tableFromRows,
  writeJsonLines,
} from './index';

describe('writeJsonLines', () => {
  it('writes one object per row in schema order with nulls', () => {
    const table = tableFromRows([
      { task: 'load', seconds: 1.5, ok: true },
      { task: 'say "hi"\n', seconds: null, ok: null },
    ]);
    expect(writeJsonLines(table)).toBe(
      '{"task":"load","seconds":1.5,"ok":true}\n{"task":"say \\"hi\\"\\n","seconds":null,"ok":null}\n',
    );
  });

  it('writes timestamps and dates as ISO strings and bigints as numbers only when safe', () => {
    const table = tableFromColumns({
      at: vectorFromArray([Date.UTC(2024, 2, 1, 12)], new TimestampMillisecond('UTC')),
      day: vectorFromArray([new Date(Date.UTC(2024, 2, 1))], new DateDay()),
      id: new BigInt64Array([42n]),
    });
    expect(writeJsonLines(table)).toBe(
      '{"at":"2024-03-01T12:00:00.000Z","day":"2024-03-01","id":42}\n',
    );
    const big = tableFromColumns({ id: new BigInt64Array([9007199254740993n, -5n]) });
    expect(writeJsonLines(big)).toBe('{"id":"9007199254740993"}\n{"id":-5}\n');
  });

  it('writes NaN and infinities as null, which JSON requires', () => {
    const table = tableFromColumns({
      x: new Float64Array([Number.NaN, Number.POSITIVE_INFINITY, 1e21]),
    });
    expect(writeJsonLines(table)).toBe('{"x":null}\n{"x":null}\n{"x":1e+21}\n');
  });

  it('writes nothing for a table without rows', () => {
    expect(writeJsonLines(new Table(new Schema([new Field('x', new Float64(), true)])))).toBe('');
  });

  it('refuses nested columns', () => {
    const list = vectorFromArray([[1]], new List(new Field('item', new Float64(), true)));
    let caught: unknown;
    try {
      writeJsonLines(new Table({ list }));
    } catch (error) {
      caught = error;
    }
    expect(InvalidArgumentError.isInstance(caught)).toBe(true);
  });

  it('round-trips through readJsonLines with the schema (property)', () => {
    const schema = new Schema([
      new Field('text', new Utf8(), true),
      new Field('number', new Float64(), true),
      new Field('flag', new Bool(), true),
      new Field('id', new Int64(), true),
      new Field('at', new TimestampMillisecond('UTC'), true),
    ]);
    const row = fc.record({
      text: fc.option(fc.string({ unit: 'binary' }), { nil: null }),
      number: fc.option(fc.double({ noNaN: true, noDefaultInfinity: true }), { nil: null }),
      flag: fc.option(fc.boolean(), { nil: null }),
      id: fc.option(fc.bigInt({ min: -(2n ** 63n), max: 2n ** 63n - 1n }), { nil: null }),
      at: fc.option(fc.integer({ min: -8.64e15, max: 8.64e15 }), { nil: null }),
    });
    fc.assert(
      fc.property(fc.array(row, { maxLength: 25 }), (rows) => {
        const table = tableFromRows(rows, { schema });
        const read = readJsonLines(writeJsonLines(table), { schema });
        expect(read.numRows).toBe(rows.length);
        expect(stringColumn(read, 'text')).toEqual(rows.map((r) => r.text));
        expect(columnValues(read, 'number')).toEqual(
          rows.map((r) => (Object.is(r.number, -0) ? 0 : r.number)),
        );
        expect(columnValues(read, 'flag')).toEqual(rows.map((r) => r.flag));
        expect(columnValues(read, 'id')).toEqual(rows.map((r) => r.id));
        expect(columnValues(read, 'at')).toEqual(rows.map((r) => r.at));
      }),
      { numRuns: 200 },
    );
  });
});
