import { writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import {
  Bool,
  DateDay,
  Field,
  Float64,
  Int32,
  Int64,
  List,
  Schema,
  TimestampMillisecond,
  Utf8,
} from 'apache-arrow';
import { describe, expect, it } from 'vitest';
import { columnValues } from '../../test/support/arrow';
import { catchError } from '../../test/support/catch-error';
import { useTemporaryDirectory } from '../../test/support/temporary-directory';
import { DataFormatError, InvalidArgumentError } from '../errors';
import { defaultCsvNullValues, readCsv } from './index';

const temporaryDirectory = useTemporaryDirectory('dagnostics-read-csv-');

describe('readCsv', () => {
  it('infers Float64, Bool, Utf8 and Null columns', () => {
    const table = readCsv('n,flag,word,empty\n1,true,x,\n2.5,FALSE,7,NA\n-3e2,True,,\n');
    expect(table.schema.fields.map(String)).toEqual([
      'n: Float64',
      'flag: Bool',
      'word: Utf8',
      'empty: Null',
    ]);
    expect(columnValues(table, 'n')).toEqual([1, 2.5, -300]);
    expect(columnValues(table, 'flag')).toEqual([true, false, true]);
    expect(columnValues(table, 'word')).toEqual(['x', '7', null]);
    expect(columnValues(table, 'empty')).toEqual([null, null, null]);
  });

  it('reads NaN and infinities as floats, not nulls', () => {
    const table = readCsv('x\nNaN\nInfinity\n-inf\n1\n');
    expect(columnValues(table, 'x')).toEqual([
      Number.NaN,
      Number.POSITIVE_INFINITY,
      Number.NEGATIVE_INFINITY,
      1,
    ]);
    expect(table.getChild('x')?.nullCount).toBe(0);
  });

  it('handles quotes, embedded delimiters and newlines, CRLF and a byte order mark', () => {
    const text = '\uFEFFid,note\r\n1,"a, b"\r\n2,"line\r\nbreak"\r\n3,"say ""hi"""\r\n';
    const table = readCsv(text);
    expect(table.schema.fields.map((field) => field.name)).toEqual(['id', 'note']);
    expect(columnValues(table, 'note')).toEqual(['a, b', 'line\r\nbreak', 'say "hi"']);
  });

  it('reads null markers only when unquoted', () => {
    const table = readCsv('s\nNA\n"NA"\n""\nnull\n"null"\nx\n');
    expect(columnValues(table, 's')).toEqual([null, 'NA', '', null, 'null', 'x']);
    expect(defaultCsvNullValues).toEqual(['', 'NA', 'N/A', 'NULL', 'null']);
  });

  it('uses custom null values', () => {
    const table = readCsv('s\n-\nNA\n', { nullValues: ['-'] });
    expect(columnValues(table, 's')).toEqual([null, 'NA']);
  });

  it('reads UTF-8 bytes and files', async () => {
    const bytes = new TextEncoder().encode('name\nžluťoučký kůň 🐎\n');
    expect(columnValues(readCsv(bytes), 'name')).toEqual(['žluťoučký kůň 🐎']);
    const path = join(temporaryDirectory(), 'file.csv');
    await writeFile(path, 'a;b\n1;2\n');
    expect(columnValues(readCsv({ path }, { delimiter: ';' }), 'b')).toEqual([2]);
  });

  it('refuses bytes that are not UTF-8', () => {
    const error = catchError(() => readCsv(new Uint8Array([0x61, 0x0a, 0xff, 0xfe, 0x0a])));
    expect(error).toMatchObject({ format: 'csv' });
    expect(DataFormatError.isInstance(error)).toBe(true);
  });

  it('skips blank lines in multi-column files but reads them as nulls in one-column files', () => {
    expect(columnValues(readCsv('a,b\n1,2\n\n3,4\n\n'), 'a')).toEqual([1, 3]);
    expect(columnValues(readCsv('a\n1\n\n3\n'), 'a')).toEqual([1, null, 3]);
  });

  it('selects and orders columns by header name', () => {
    const table = readCsv('a,b,c\n1,2,3\n', { columns: ['c', 'a'] });
    expect(table.schema.fields.map((field) => field.name)).toEqual(['c', 'a']);
    const missing = catchError(() => readCsv('a,b\n1,2\n', { columns: ['z'] }));
    expect(DataFormatError.isInstance(missing)).toBe(true);
    expect((missing as Error).message).toContain('"z"');
    expect((missing as Error).message).toContain('a, b');
  });

  it('names headerless columns from columns, the schema, or by position', () => {
    expect(
      readCsv('1,2\n3,4\n', { header: false }).schema.fields.map((field) => field.name),
    ).toEqual(['column_1', 'column_2']);
    const named = readCsv('1,2\n3,4\n', { header: false, columns: ['x', 'y'] });
    expect(columnValues(named, 'y')).toEqual([2, 4]);
    const schema = new Schema([
      new Field('x', new Int32(), true),
      new Field('y', new Utf8(), true),
    ]);
    const typed = readCsv('1,2\n3,4\n', { header: false, schema });
    expect(columnValues(typed, 'x')).toEqual([1, 3]);
    expect(columnValues(typed, 'y')).toEqual(['2', '4']);
    const wrongWidth = catchError(() => readCsv('1,2\n', { header: false, columns: ['x'] }));
    expect(InvalidArgumentError.isInstance(wrongWidth)).toBe(true);
  });

  it('keeps every column as Utf8 when inference is off', () => {
    const table = readCsv('n,b\n1,true\n', { inferTypes: false });
    expect(table.schema.fields.map(String)).toEqual(['n: Utf8', 'b: Utf8']);
    expect(columnValues(table, 'n')).toEqual(['1']);
  });

  it('encodes inferred strings as a dictionary when asked', () => {
    const table = readCsv('l\na\nb\na\n', { stringEncoding: 'dictionary' });
    expect(String(table.schema.fields[0]?.type)).toBe('Dictionary<Int32, Utf8>');
    expect(columnValues(table, 'l')).toEqual(['a', 'b', 'a']);
  });

  it('parses declared types, timestamps included, and infers the rest', () => {
    const schema = new Schema([
      new Field('id', new Int64(), false),
      new Field('at', new TimestampMillisecond('UTC'), true),
      new Field('day', new DateDay(), true),
      new Field('ok', new Bool(), true),
    ]);
    const table = readCsv(
      'id,at,day,ok,extra\n9007199254740993,2024-03-01T10:00:00+01:00,2024-03-01,1,2\n-1,2024-03-01 09:00,,false,3\n',
      { schema, columns: ['id', 'at', 'day', 'ok', 'extra'] },
    );
    expect(columnValues(table, 'id')).toEqual([9007199254740993n, -1n]);
    expect(columnValues(table, 'at')).toEqual([Date.UTC(2024, 2, 1, 9), Date.UTC(2024, 2, 1, 9)]);
    expect(columnValues(table, 'day')).toEqual([Date.UTC(2024, 2, 1), null]);
    expect(columnValues(table, 'ok')).toEqual([true, false]);
    expect(String(table.getChild('extra')?.type)).toBe('Float64');
    expect(table.schema.fields[0]?.nullable).toBe(false);
  });

  it('reads ISO 8601 timestamps in their common spellings, naive ones as UTC', () => {
    const schema = new Schema([new Field('at', new TimestampMillisecond('UTC'), false)]);
    const text =
      'at\n2024-03-01T09:00:00Z\n2024-03-01t10:00:00+0100\n2024-03-01 09:00\n2024-03-01T09:00:00.000z\n2024-03-01\n';
    const expectedTimes = [9, 9, 9, 9, 0].map((hour) => Date.UTC(2024, 2, 1, hour));
    expect(columnValues(readCsv(text, { schema }), 'at')).toEqual(expectedTimes);
    for (const invalid of ['2024-13-01', '2024-02-30', '2024-03-01T25:00', 'yesterday']) {
      const bad = catchError(() => readCsv(`at\n2024-03-01\n${invalid}\n`, { schema }));
      expect(bad).toMatchObject({ format: 'csv', line: 3 });
    }
  });

  it('with a header and a schema, returns exactly the schema fields', () => {
    const schema = new Schema([new Field('b', new Utf8(), true)]);
    const table = readCsv('a,b\n1,2\n', { schema });
    expect(table.schema.fields.map(String)).toEqual(['b: Utf8']);
  });

  it('points at the line where a bad value starts', () => {
    const schema = new Schema([
      new Field('n', new Int32(), true),
      new Field('s', new Utf8(), true),
    ]);
    const error = catchError(() => readCsv('n,s\n1,"two\nlines"\n2.5,x\n', { schema }));
    expect(DataFormatError.isInstance(error)).toBe(true);
    expect(error).toMatchObject({ format: 'csv', line: 4 });
    expect((error as Error).message).toContain('"2.5"');
    const afterQuotedEmpty = catchError(() => readCsv('n,s\n1,""\n\n2.5,NA\n', { schema }));
    expect(afterQuotedEmpty).toMatchObject({ format: 'csv', line: 4 });
    const nullInRequired = catchError(() =>
      readCsv('n\n1\nNA\n', { schema: new Schema([new Field('n', new Float64(), false)]) }),
    );
    expect(nullInRequired).toMatchObject({ format: 'csv', line: 3 });
  });

  it('refuses ragged records with the line number', () => {
    const error = catchError(() => readCsv('a,b\n1,2\n3\n4,5\n'));
    expect(DataFormatError.isInstance(error)).toBe(true);
    expect(error).toMatchObject({ format: 'csv', line: 3 });
    expect((error as Error).message).toMatch(/1 fields where the header has 2/);
  });

  it('wraps csv-parse errors with their line and cause', () => {
    const error = catchError(() => readCsv('a,b\n1,"open\n2,3\n'));
    expect(DataFormatError.isInstance(error)).toBe(true);
    expect((error as DataFormatError).line).toBeGreaterThanOrEqual(2);
    expect((error as Error).cause).toMatchObject({ code: 'CSV_QUOTE_NOT_CLOSED' });
  });

  it('refuses a duplicate header name, a bad delimiter and unsupported schema types', () => {
    expect(catchError(() => readCsv('a,a\n1,2\n'))).toMatchObject({ format: 'csv', line: 1 });
    expect(catchError(() => readCsv('a\n1\n', { delimiter: '' }))).toMatchObject({
      argument: 'delimiter',
    });
    const schema = new Schema([new Field('a', new List(new Field('item', new Float64())), true)]);
    const unsupported = catchError(() => readCsv('a\n1\n', { schema }));
    expect(InvalidArgumentError.isInstance(unsupported)).toBe(true);
    expect(unsupported).toMatchObject({ argument: 'schema' });
  });

  it('reads empty input and a header without rows', () => {
    expect(readCsv('').numCols).toBe(0);
    const headerOnly = readCsv('a,b\n');
    expect(headerOnly.numRows).toBe(0);
    expect(headerOnly.schema.fields.map(String)).toEqual(['a: Null', 'b: Null']);
    const schema = new Schema([new Field('a', new Float64(), true)]);
    expect(readCsv('', { schema }).schema.fields.map(String)).toEqual(['a: Float64']);
  });
});
