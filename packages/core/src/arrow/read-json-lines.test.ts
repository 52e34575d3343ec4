import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { Field, Int64, Schema, type Table, TimestampMillisecond } from 'apache-arrow';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { DataFormatError } from '../errors';
import { readJsonLines } from './index';

function values(table: Table, name: string): unknown[] {
  const column = table.getChild(name);
  if (column === null) throw new Error(`no column ${name}`);
  return [...column];
}

function catchError(action: () => unknown): unknown {
  try {
    action();
  } catch (error) {
    return error;
  }
  throw new Error('expected an error');
}

let directory: string;
beforeAll(async () => {
  directory = await mkdtemp(join(tmpdir(), 'dagnostics-read-jsonl-'));
});
afterAll(async () => {
  await rm(directory, { recursive: true, force: true });
});

describe('readJsonLines', () => {
  it('reads one object per line, skipping blank lines, with CRLF and a byte order mark', () => {
    const text = '\uFEFF{"task":"load","seconds":1.5}\r\n\r\n   \n{"task":"ünï 🚀","ok":true}\n';
    const table = readJsonLines(text);
    expect(table.schema.fields.map(String)).toEqual(['task: Utf8', 'seconds: Float64', 'ok: Bool']);
    expect(values(table, 'task')).toEqual(['load', 'ünï 🚀']);
    expect(values(table, 'seconds')).toEqual([1.5, null]);
    expect(values(table, 'ok')).toEqual([null, true]);
  });

  it('reads bytes and files', async () => {
    const path = join(directory, 'in.jsonl');
    await writeFile(path, '{"a":1}\n{"a":2}');
    expect(values(readJsonLines({ path }), 'a')).toEqual([1, 2]);
    expect(values(readJsonLines(new TextEncoder().encode('{"a":3}')), 'a')).toEqual([3]);
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
    expect(values(table, 'at')).toEqual([Date.UTC(2024, 2, 1), null]);
    expect(values(table, 'id')).toEqual([9223372036854775807n, 12n]);
  });

  it('returns an empty table for empty input', () => {
    expect(readJsonLines('').numRows).toBe(0);
    expect(readJsonLines('\n\n').numCols).toBe(0);
  });
});
