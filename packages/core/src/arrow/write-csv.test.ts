import { readFile } from 'node:fs/promises';
import { join } from 'node:path';
import {
  Bool,
  DateDay,
  Field,
  Float64,
  Int64,
  List,
  Schema,
  Table,
  TimestampMicrosecond,
  TimestampSecond,
  Utf8,
  vectorFromArray,
} from 'apache-arrow';
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { columnValues } from '../../test/support/arrow';
import { useTemporaryDirectory } from '../../test/support/temporary-directory';
import { DataFormatError, InvalidArgumentError } from '../errors';
import {
  readCsv,
  stringColumn,
  tableFromColumns,
  tableFromRows,
  writeCsv,
  writeCsvFile,
} from './index';

const temporaryDirectory = useTemporaryDirectory('dagnostics-write-csv-');

describe('writeCsv', () => {
  it('writes a header, quotes what needs quoting and leaves nulls empty', () => {
    const table = tableFromRows([
      { task: 'load', note: 'said "hi", left', n: 1.5, ok: true },
      { task: null, note: 'two\nlines', n: null, ok: false },
      { task: '', note: 'NA', n: -0, ok: null },
    ]);
    expect(writeCsv(table)).toBe(
      'task,note,n,ok\nload,"said ""hi"", left",1.5,true\n,"two\nlines",,false\n"","NA",-0,\n',
    );
  });

  it('writes without a header and with another delimiter', () => {
    const table = tableFromRows([{ a: 1, b: 'x;y' }]);
    expect(writeCsv(table, { header: false, delimiter: ';' })).toBe('1;"x;y"\n');
  });

  it('writes integers, bigints, timestamps and dates', () => {
    const table = tableFromColumns({
      i: new Int32Array([-5]),
      big: new BigInt64Array([9007199254740993n]),
      at: vectorFromArray(
        [Date.UTC(2024, 2, 1, 12, 0, 0, 1) + 0.5],
        new TimestampMicrosecond('UTC'),
      ),
      day: vectorFromArray([new Date(Date.UTC(2024, 2, 1))], new DateDay()),
    });
    expect(writeCsv(table)).toBe(
      'i,big,at,day\n-5,9007199254740993,2024-03-01T12:00:00.001500Z,2024-03-01\n',
    );
  });

  it('round-trips microsecond timestamps and 64-bit integers with the schema', () => {
    const table = tableFromColumns({
      at: vectorFromArray([Date.UTC(2024, 2, 1) + 0.123, null], new TimestampMicrosecond('UTC')),
      big: vectorFromArray([2n ** 63n - 1n, -(2n ** 63n)], new Int64()),
    });
    const read = readCsv(writeCsv(table), { schema: table.schema });
    expect([...(read.getChild('at')?.data[0]?.values ?? [])][0]).toBe(
      BigInt(Date.UTC(2024, 2, 1)) * 1000n + 123n,
    );
    expect(columnValues(read, 'at')[1]).toBeNull();
    expect(columnValues(read, 'big')).toEqual([2n ** 63n - 1n, -(2n ** 63n)]);
  });

  it('refuses a timestamp outside the range of Date with the row number', () => {
    const table = tableFromColumns({
      at: vectorFromArray([0, 9e15], new TimestampSecond()),
    });
    let caught: unknown;
    try {
      writeCsv(table);
    } catch (error) {
      caught = error;
    }
    expect(DataFormatError.isInstance(caught)).toBe(true);
    expect(caught).toMatchObject({ format: 'csv', line: 2 });
  });

  it('writes an empty table as its header', () => {
    const empty = new Table(new Schema([new Field('x', new Float64(), true)]));
    expect(writeCsv(empty)).toBe('x\n');
    expect(readCsv(writeCsv(empty), { schema: empty.schema }).schema.fields.map(String)).toEqual([
      'x: Float64',
    ]);
  });

  it('refuses nested columns and bad delimiters', () => {
    const list = vectorFromArray([[1, 2]], new List(new Field('item', new Float64(), true)));
    const table = new Table({ list });
    let caught: unknown;
    try {
      writeCsv(table);
    } catch (error) {
      caught = error;
    }
    expect(InvalidArgumentError.isInstance(caught)).toBe(true);
    expect(caught).toMatchObject({ argument: 'table' });
    expect(() => writeCsv(tableFromRows([]), { delimiter: '"' })).toThrow(/delimiter/);
  });

  it('writes a file atomically', async () => {
    const path = join(temporaryDirectory(), 'out.csv');
    await writeCsvFile(path, tableFromRows([{ a: 'x' }]));
    expect(await readFile(path, 'utf8')).toBe('a\nx\n');
  });

  it('round-trips arbitrary strings, floats and booleans with nulls through readCsv (property)', () => {
    const schema = new Schema([
      new Field('text', new Utf8(), true),
      new Field('number', new Float64(), true),
      new Field('flag', new Bool(), true),
    ]);
    const row = fc.record({
      text: fc.option(
        fc.oneof(
          fc.string({ unit: 'binary' }),
          fc.constantFrom(
            '',
            'NA',
            'null',
            'N/A',
            'NULL',
            '"',
            ',',
            '\r',
            '\n',
            '\r\n',
            ' ',
            '\uFEFF',
          ),
        ),
        { nil: null },
      ),
      number: fc.option(fc.double(), { nil: null }),
      flag: fc.option(fc.boolean(), { nil: null }),
    });
    fc.assert(
      fc.property(
        fc.array(row, { maxLength: 25 }),
        fc.constantFrom(',', ';', '\t'),
        (rows, delimiter) => {
          const table = tableFromRows(rows, { schema });
          const read = readCsv(writeCsv(table, { delimiter }), { schema, delimiter });
          expect(read.numRows).toBe(rows.length);
          expect(stringColumn(read, 'text')).toEqual(rows.map((r) => r.text));
          expect(columnValues(read, 'number')).toEqual(rows.map((r) => r.number));
          expect(columnValues(read, 'flag')).toEqual(rows.map((r) => r.flag));
        },
      ),
      { numRuns: 300 },
    );
  });

  it('round-trips a one-column table with nulls (property)', () => {
    fc.assert(
      fc.property(fc.array(fc.option(fc.double(), { nil: null }), { maxLength: 20 }), (column) => {
        const schema = new Schema([new Field('x', new Float64(), true)]);
        const table = tableFromRows(
          column.map((x) => ({ x })),
          { schema },
        );
        const read = readCsv(writeCsv(table), { schema });
        expect(columnValues(read, 'x')).toEqual(column);
      }),
    );
  });

  it('reads back inferred numeric and boolean types without a schema (property)', () => {
    fc.assert(
      fc.property(
        fc.array(fc.record({ n: fc.double(), b: fc.boolean() }), { minLength: 1, maxLength: 20 }),
        (rows) => {
          const read = readCsv(writeCsv(tableFromRows(rows)));
          expect(read.schema.fields.map(String)).toEqual(['n: Float64', 'b: Bool']);
          expect(columnValues(read, 'n')).toEqual(rows.map((r) => r.n));
          expect(columnValues(read, 'b')).toEqual(rows.map((r) => r.b));
        },
      ),
    );
  });
});
