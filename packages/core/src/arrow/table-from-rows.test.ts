import {
  Bool,
  DateDay,
  Dictionary,
  Field,
  Float32,
  Float64,
  Int8,
  Int32,
  Int64,
  LargeUtf8,
  List,
  Schema,
  TimestampMicrosecond,
  Uint8,
  Uint64,
  Utf8,
} from 'apache-arrow';
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { columnValues } from '../../test/support/arrow';
import { catchError } from '../../test/support/catch-error';
import { DataFormatError, InvalidArgumentError } from '../errors';
import { stringColumn, tableFromRows } from './index';

describe('tableFromRows', () => {
  it('infers Float64, Utf8, Bool, Int64 and UTC millisecond timestamps, all nullable', () => {
    const when = new Date('2024-03-01T12:30:00.250Z');
    const table = tableFromRows([
      { score: 1, label: 'timeout_error', ok: true, count: 3n, at: when },
      { score: 2.5, label: null, ok: false, count: null, at: null },
    ]);
    expect(table.schema.fields.map(String)).toEqual([
      'score: Float64',
      'label: Utf8',
      'ok: Bool',
      'count: Int64',
      'at: Timestamp<MILLISECOND, UTC>',
    ]);
    expect(table.schema.fields.every((field) => field.nullable)).toBe(true);
    expect(columnValues(table, 'score')).toEqual([1, 2.5]);
    expect(columnValues(table, 'label')).toEqual(['timeout_error', null]);
    expect(columnValues(table, 'ok')).toEqual([true, false]);
    expect(columnValues(table, 'count')).toEqual([3n, null]);
    expect(columnValues(table, 'at')).toEqual([when.getTime(), null]);
  });

  it('treats missing keys and undefined as nulls and orders columns by first appearance', () => {
    const table = tableFromRows([{ a: 1 }, { b: 'x', a: undefined }, {}]);
    expect(table.schema.fields.map((field) => field.name)).toEqual(['a', 'b']);
    expect(table.numRows).toBe(3);
    expect(columnValues(table, 'a')).toEqual([1, null, null]);
    expect(columnValues(table, 'b')).toEqual([null, 'x', null]);
  });

  it('gives an all-null column the Null type', () => {
    const table = tableFromRows([{ a: null }, { a: undefined }]);
    expect(String(table.schema.fields[0]?.type)).toBe('Null');
    expect(columnValues(table, 'a')).toEqual([null, null]);
  });

  it('selects and orders columns, filling a key no row has with nulls', () => {
    const table = tableFromRows([{ a: 1, b: 2, c: 3 }], { columns: ['c', 'zzz', 'a'] });
    expect(table.schema.fields.map((field) => field.name)).toEqual(['c', 'zzz', 'a']);
    expect(columnValues(table, 'zzz')).toEqual([null]);
  });

  it('reads keys that clash with Object.prototype as plain keys', () => {
    const table = tableFromRows([{ constructor: 'x' }, {}], {
      columns: ['constructor', 'toString'],
    });
    expect(columnValues(table, 'constructor')).toEqual(['x', null]);
    expect(columnValues(table, 'toString')).toEqual([null, null]);
  });

  it('encodes inferred strings as a dictionary when asked', () => {
    const table = tableFromRows([{ l: 'a' }, { l: 'b' }, { l: 'a' }, { l: null }], {
      stringEncoding: 'dictionary',
    });
    expect(String(table.schema.fields[0]?.type)).toBe('Dictionary<Int32, Utf8>');
    expect(columnValues(table, 'l')).toEqual(['a', 'b', 'a', null]);
  });

  it('returns an empty table for no rows', () => {
    const table = tableFromRows([]);
    expect(table.numRows).toBe(0);
    expect(table.numCols).toBe(0);
  });

  it('builds declared types from a schema, converting what text formats need', () => {
    const schema = new Schema([
      new Field('small', new Int8(), false),
      new Field('big', new Int64(), true),
      new Field('unsigned', new Uint64(), true),
      new Field('single', new Float32(), true),
      new Field('at', new TimestampMicrosecond('UTC'), true),
      new Field('day', new DateDay(), true),
      new Field('name', new Utf8(), true),
    ]);
    const table = tableFromRows(
      [
        {
          small: -128,
          big: '9007199254740993',
          unsigned: 18446744073709551615n,
          single: 0.5,
          at: '2024-03-01T00:00:00.000123Z',
          day: '2024-03-01',
          name: 'x',
          ignored: { nested: true },
        },
        { small: 127, big: 5, unsigned: 0, single: null, at: 0, day: new Date(86_400_000) },
      ],
      { schema },
    );
    expect(table.schema.fields.map(String)).toEqual(schema.fields.map(String));
    expect(columnValues(table, 'small')).toEqual([-128, 127]);
    expect(columnValues(table, 'big')).toEqual([9007199254740993n, 5n]);
    expect(columnValues(table, 'unsigned')).toEqual([18446744073709551615n, 0n]);
    expect(columnValues(table, 'single')).toEqual([0.5, null]);
    const micros = table.getChild('at')?.data[0]?.values as BigInt64Array;
    expect([...micros]).toEqual([1709251200000123n, 0n]);
    expect(columnValues(table, 'day')).toEqual([Date.UTC(2024, 2, 1), 86_400_000]);
    expect(columnValues(table, 'name')).toEqual(['x', null]);
  });

  it('builds declared string encodings: LargeUtf8 and dictionaries with narrow indices', () => {
    const schema = new Schema([
      new Field('large', new LargeUtf8(), true),
      new Field('coded', new Dictionary(new Utf8(), new Uint8()), true),
    ]);
    const rows = [
      { large: 'ž', coded: 'b' },
      { large: null, coded: null },
      { large: '', coded: 'b' },
    ];
    const table = tableFromRows(rows, { schema });
    expect(table.schema.fields.map(String)).toEqual(schema.fields.map(String));
    expect(stringColumn(table, 'large')).toEqual(['ž', null, '']);
    expect(stringColumn(table, 'coded')).toEqual(['b', null, 'b']);
    const narrow = new Schema([new Field('coded', new Dictionary(new Utf8(), new Int8()), true)]);
    const many = Array.from({ length: 129 }, (_, index) => ({ coded: `v${index}` }));
    expect(tableFromRows(many.slice(0, 128), { schema: narrow }).numRows).toBe(128);
    const error = catchError(() => tableFromRows(many, { schema: narrow }));
    expect(InvalidArgumentError.isInstance(error)).toBe(true);
    expect((error as Error).message).toContain('129');
  });

  it('refuses a value that does not fit the declared type, naming column and row', () => {
    const schema = new Schema([new Field('n', new Int32(), true)]);
    const error = catchError(() => tableFromRows([{ n: 1 }, { n: 1.5 }], { schema }));
    expect(DataFormatError.isInstance(error)).toBe(true);
    expect(error).toMatchObject({ format: 'rows', line: 2 });
    expect((error as Error).message).toContain('"n"');
    expect((error as Error).message).toContain('1.5');
    const outOfRange = catchError(() =>
      tableFromRows([{ n: 2 ** 31 }], { schema }),
    ) as DataFormatError;
    expect(outOfRange.line).toBe(1);
  });

  it('refuses nulls in a non-nullable field', () => {
    const schema = new Schema([new Field('n', new Float64(), false)]);
    const error = catchError(() => tableFromRows([{ n: 1 }, {}], { schema }));
    expect(DataFormatError.isInstance(error)).toBe(true);
    expect((error as DataFormatError).line).toBe(2);
    expect((error as Error).message).toMatch(/not nullable/);
  });

  it('refuses mixed kinds in one column, naming the column and the first offending row', () => {
    const error = catchError(() =>
      tableFromRows([{ a: 1 }, { a: null }, { a: 2 }, { a: 'three' }, { a: true }]),
    );
    expect(DataFormatError.isInstance(error)).toBe(true);
    expect(InvalidArgumentError.isInstance(error)).toBe(false);
    expect(error).toMatchObject({ format: 'rows', line: 4 });
    expect((error as Error).message).toContain('"a"');
    expect((error as Error).message).toContain('string');
    expect((error as Error).message).toContain('number');
  });

  it('refuses nested values, invalid Dates and rows that are not objects', () => {
    for (const bad of [{ a: [1] }, { a: { b: 1 } }, { a: new Date(Number.NaN) }]) {
      const error = catchError(() => tableFromRows([{ a: null }, bad]));
      expect(DataFormatError.isInstance(error)).toBe(true);
      expect((error as DataFormatError).line).toBe(2);
    }
    const notObject = catchError(() =>
      tableFromRows([{}, 5 as unknown as Record<string, unknown>]),
    );
    expect(notObject).toMatchObject({ format: 'rows', line: 2 });
    expect(InvalidArgumentError.isInstance(catchError(() => tableFromRows('x' as never)))).toBe(
      true,
    );
  });

  it('refuses columns absent from the schema and types it cannot build', () => {
    const schema = new Schema([new Field('a', new Bool(), true)]);
    const unknown = catchError(() => tableFromRows([], { schema, columns: ['b'] }));
    expect(InvalidArgumentError.isInstance(unknown)).toBe(true);
    expect(unknown).toMatchObject({ argument: 'columns' });
    const duplicate = catchError(() => tableFromRows([], { columns: ['a', 'a'] }));
    expect(duplicate).toMatchObject({ argument: 'columns' });
    const listSchema = new Schema([
      new Field('a', new List(new Field('item', new Float64())), true),
    ]);
    const unsupported = catchError(() => tableFromRows([{ a: [1] }], { schema: listSchema }));
    expect(InvalidArgumentError.isInstance(unsupported)).toBe(true);
    expect(unsupported).toMatchObject({ argument: 'schema' });
  });

  it('keeps every value of random rows (property)', () => {
    const row = fc.record(
      {
        number: fc.option(fc.double(), { nil: null }),
        text: fc.option(fc.string({ unit: 'binary' }), { nil: null }),
        flag: fc.option(fc.boolean(), { nil: null }),
      },
      { requiredKeys: [] },
    );
    fc.assert(
      fc.property(fc.array(row, { minLength: 1, maxLength: 40 }), (rows) => {
        const table = tableFromRows(rows, { columns: ['number', 'text', 'flag'] });
        expect(table.numRows).toBe(rows.length);
        expect(columnValues(table, 'number')).toEqual(rows.map((r) => r.number ?? null));
        expect(stringColumn(table, 'text')).toEqual(rows.map((r) => r.text ?? null));
        expect(columnValues(table, 'flag')).toEqual(rows.map((r) => r.flag ?? null));
      }),
    );
  });
});
