import { writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { Field, Int64, Schema, TimestampMillisecond } from 'apache-arrow';
import { describe, expect, it } from 'vitest';
import { columnValues } from '../../test/support/arrow';
import { catchError } from '../../test/support/catch-error';
import { useTemporaryDirectory } from '../../test/support/temporary-directory';
import { DataFormatError } from '../errors';
import { readJsonLines } from './index';

const temporaryDirectory = useTemporaryDirectory('dagnostics-read-jsonl-');

describe('readJsonLines', () => {
  it('reads one object per line, skipping blank lines, with CRLF and a byte order mark', () => {
    const text = '\uFEFF{"task":"load","seconds":1.5}\r\n\r\n   \n{"task":"ünï 🚀","ok":true}\n';
    const table = readJsonLines(text);
    expect(table.schema.fields.map(String)).toEqual(['task: Utf8', 'seconds: Float64', 'ok: Bool']);
    expect(columnValues(table, 'task')).toEqual(['load', 'ünï 🚀']);
    expect(columnValues(table, 'seconds')).toEqual([1.5, null]);
    expect(columnValues(table, 'ok')).toEqual([null, true]);
  });

  it('reads bytes and files', async () => {
    const path = join(temporaryDirectory(), 'in.jsonl');
    await writeFile(path, '{"a":1}\n{"a":2}');
    expect(columnValues(readJsonLines({ path }), 'a')).toEqual([1, 2]);
    expect(columnValues(readJsonLines(new TextEncoder().encode('{"a":3}')), 'a')).toEqual([3]);
  });

  it('reports a bad line with its 1-based number and what to do', () => {
    const error = catchError(() => readJsonLines('{"a":1}\n\n{"a":2\n{"a":3}\n'));
    expect(DataFormatError.isInstance(error)).toBe(true);
    expect(error).toMatchObject({ format: 'jsonl', line: 3 });
    expect((error as Error).message).toMatch(/Line 3 is not valid JSON/);
    expect((error as Error).message).toMatch(/fix or remove that line/);
    expect((error as Error).cause).toBeInstanceOf(SyntaxError);
  });

  it('refuses a line that is not an object', () => {
    for (const line of ['[1,2]', '42', 'null', '"text"']) {
      const error = catchError(() => readJsonLines(`{"a":1}\n${line}\n`));
      expect(error).toMatchObject({ format: 'jsonl', line: 2 });
    }
  });

  it('reports mixed kinds with the file line, not the row index', () => {
    const error = catchError(() => readJsonLines('{"a":1}\n\n\n{"a":"x"}\n'));
    expect(DataFormatError.isInstance(error)).toBe(true);
    expect(error).toMatchObject({ format: 'jsonl', line: 4 });
    expect((error as Error).message).toContain('line 4');
    expect((error as Error).message).toContain('line 1');
  });

  it('reads declared timestamps and 64-bit integers written as strings', () => {
    const schema = new Schema([
      new Field('at', new TimestampMillisecond('UTC'), true),
      new Field('id', new Int64(), true),
    ]);
    const table = readJsonLines(
      '{"at":"2024-03-01T00:00:00.000Z","id":"9223372036854775807"}\n{"at":null,"id":12}\n',
      { schema },
    );
    expect(columnValues(table, 'at')).toEqual([Date.UTC(2024, 2, 1), null]);
    expect(columnValues(table, 'id')).toEqual([9223372036854775807n, 12n]);
  });

  it('returns an empty table for empty input', () => {
    expect(readJsonLines('').numRows).toBe(0);
    expect(readJsonLines('\n\n').numCols).toBe(0);
  });
});
