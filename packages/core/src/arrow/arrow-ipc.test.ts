import { readdir, readFile, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { Field, Float64, Schema, Table, Utf8 } from 'apache-arrow';
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { catchError } from '../../test/support/catch-error';
import { useTemporaryDirectory } from '../../test/support/temporary-directory';
import { DataFormatError, InvalidArgumentError } from '../errors';
import {
  readArrowIpc,
  readArrowIpcFile,
  tableFromColumns,
  tableFromRows,
  writeArrowIpc,
  writeArrowIpcFile,
} from './index';

function rowsOf(table: Table): Record<string, unknown>[] {
  const names = table.schema.fields.map((field) => field.name);
  return Array.from({ length: table.numRows }, (_, row) =>
    Object.fromEntries(names.map((name) => [name, table.getChild(name)?.get(row)])),
  );
}

const temporaryDirectory = useTemporaryDirectory('dagnostics-arrow-ipc-');

describe('writeArrowIpc / readArrowIpc', () => {
  const table = tableFromRows([
    { task: 'extract', seconds: 1.5, ok: true, at: new Date(0), count: 7n },
    { task: 'ünïcødé ✓ 🚀', seconds: null, ok: null, at: null, count: null },
  ]);

  it.each(['stream', 'file'] as const)(
    'round-trips a table with nulls and unicode as %s',
    (format) => {
      const bytes = writeArrowIpc(table, { format });
      const read = readArrowIpc(bytes);
      expect(read.schema.fields.map(String)).toEqual(table.schema.fields.map(String));
      expect(rowsOf(read)).toEqual(rowsOf(table));
    },
  );

  it('writes the stream layout by default and the file layout with its magic', () => {
    const stream = writeArrowIpc(table);
    const file = writeArrowIpc(table, { format: 'file' });
    const magic = new TextDecoder().decode(file.subarray(0, 6));
    expect(magic).toBe('ARROW1');
    expect(new TextDecoder().decode(stream.subarray(0, 6))).not.toBe('ARROW1');
  });

  it('round-trips an empty table with its schema', () => {
    const empty = new Table(
      new Schema([new Field('x', new Float64(), true), new Field('y', new Utf8(), true)]),
    );
    for (const format of ['stream', 'file'] as const) {
      const read = readArrowIpc(writeArrowIpc(empty, { format }));
      expect(read.numRows).toBe(0);
      expect(read.schema.fields.map(String)).toEqual(['x: Float64', 'y: Utf8']);
    }
  });

  it('round-trips multi-chunk tables', () => {
    const chunked = tableFromColumns({ x: new Float64Array([1, 2]) }).concat(
      tableFromColumns({ x: new Float64Array([3]) }),
    );
    const read = readArrowIpc(writeArrowIpc(chunked));
    expect(read.batches.length).toBe(2);
    expect([...(read.getChild('x') ?? [])]).toEqual([1, 2, 3]);
  });

  it('reads from a path given as a string or { path }', async () => {
    const path = join(temporaryDirectory(), 'sync.arrow');
    await writeFile(path, writeArrowIpc(table, { format: 'file' }));
    expect(rowsOf(readArrowIpc(path))).toEqual(rowsOf(table));
    expect(rowsOf(readArrowIpc({ path }))).toEqual(rowsOf(table));
  });

  it('wraps unreadable input in DataFormatError with the cause', () => {
    const garbage = catchError(() =>
      readArrowIpc(new TextEncoder().encode('task,seconds\nload,1\n')),
    );
    expect(DataFormatError.isInstance(garbage)).toBe(true);
    expect(garbage).toMatchObject({ format: 'arrow-ipc' });
    expect((garbage as Error).cause).toBeInstanceOf(Error);
    const bytes = writeArrowIpc(table);
    const truncated = catchError(() => readArrowIpc(bytes.subarray(0, bytes.length - 40)));
    expect(DataFormatError.isInstance(truncated)).toBe(true);
    const empty = catchError(() => readArrowIpc(new Uint8Array(0)));
    expect(empty).toMatchObject({ format: 'arrow-ipc' });
  });

  it('refuses an unknown format', () => {
    const error = catchError(() => writeArrowIpc(table, { format: 'parquet' as never }));
    expect(InvalidArgumentError.isInstance(error)).toBe(true);
    expect(error).toMatchObject({ argument: 'format' });
  });

  it('round-trips random float and string columns (property)', () => {
    fc.assert(
      fc.property(
        fc.array(
          fc.record({
            x: fc.option(fc.double(), { nil: null }),
            s: fc.option(fc.string({ unit: 'binary' }), { nil: null }),
          }),
          { maxLength: 30 },
        ),
        fc.constantFrom('stream' as const, 'file' as const),
        (rows, format) => {
          const original = tableFromRows(rows, { columns: ['x', 's'] });
          const read = readArrowIpc(writeArrowIpc(original, { format }));
          expect(rowsOf(read)).toEqual(rowsOf(original));
        },
      ),
    );
  });
});

describe('writeArrowIpcFile / readArrowIpcFile', () => {
  const table = tableFromColumns({ x: new Float64Array([1, 2, 3]), label: ['a', null, 'c'] });

  it('writes atomically and reads back, leaving no temporary file', async () => {
    const path = join(temporaryDirectory(), 'atomic.arrow');
    await writeFile(path, 'old contents');
    await writeArrowIpcFile(path, table, { format: 'file' });
    const read = await readArrowIpcFile(path);
    expect(rowsOf(read)).toEqual(rowsOf(table));
    expect((await readdir(temporaryDirectory())).filter((name) => name.endsWith('.tmp'))).toEqual(
      [],
    );
  });

  it('leaves the old file and no temporary file when aborted', async () => {
    const path = join(temporaryDirectory(), 'aborted.arrow');
    await writeFile(path, 'old contents');
    const controller = new AbortController();
    controller.abort(new Error('stop'));
    await expect(writeArrowIpcFile(path, table, { signal: controller.signal })).rejects.toThrow();
    expect(await readFile(path, 'utf8')).toBe('old contents');
    expect((await readdir(temporaryDirectory())).filter((name) => name.endsWith('.tmp'))).toEqual(
      [],
    );
  });

  it('rejects a file that is not Arrow with DataFormatError', async () => {
    const path = join(temporaryDirectory(), 'not-arrow.arrow');
    await writeFile(path, 'old contents');
    const error = await readArrowIpcFile(path).catch((caught: unknown) => caught);
    expect(DataFormatError.isInstance(error)).toBe(true);
  });
});
