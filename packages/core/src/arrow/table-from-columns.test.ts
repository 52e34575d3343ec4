import { makeVector, vectorFromArray } from 'apache-arrow';
import { describe, expect, it } from 'vitest';
import { catchError } from '../../test/support/catch-error';
import { DataFormatError, InvalidArgumentError } from '../errors';
import { tableFromColumns } from './index';

describe('tableFromColumns', () => {
  it('wraps typed arrays without copying them', () => {
    const latency = new Float64Array([12.5, 8.25, 30]);
    const counts = new Int32Array([1, 2, 3]);
    const table = tableFromColumns({ latency, counts });
    expect(table.schema.fields.map(String)).toEqual(['latency: Float64', 'counts: Int32']);
    const stored = table.getChild('latency')?.data[0]?.values as Float64Array;
    expect(stored.buffer).toBe(latency.buffer);
    latency[0] = 99;
    expect(table.getChild('latency')?.get(0)).toBe(99);
  });

  it('maps every typed array to its Arrow type', () => {
    const table = tableFromColumns({
      f32: new Float32Array(2),
      i8: new Int8Array(2),
      i16: new Int16Array(2),
      u8: new Uint8Array(2),
      clamped: new Uint8ClampedArray([1, 255]),
      u16: new Uint16Array(2),
      u32: new Uint32Array(2),
      i64: new BigInt64Array(2),
      u64: new BigUint64Array(2),
    });
    expect(table.schema.fields.map((field) => String(field.type))).toEqual([
      'Float32',
      'Int8',
      'Int16',
      'Uint8',
      'Uint8',
      'Uint16',
      'Uint32',
      'Int64',
      'Uint64',
    ]);
    expect([...(table.getChild('clamped') ?? [])]).toEqual([1, 255]);
  });

  it('types plain arrays like tableFromRows and uses Arrow vectors as they are', () => {
    const chunked = makeVector(new Float64Array([1, 2])).concat(makeVector(new Float64Array([3])));
    const table = tableFromColumns({
      host: ['a', null, 'c'],
      ok: [true, false, undefined],
      chunked,
      arrayLike: { length: 3, 0: 1, 1: 2, 2: 3 },
    });
    expect(table.schema.fields.map(String)).toEqual([
      'host: Utf8',
      'ok: Bool',
      'chunked: Float64',
      'arrayLike: Float64',
    ]);
    expect([...(table.getChild('host') ?? [])]).toEqual(['a', null, 'c']);
    expect([...(table.getChild('ok') ?? [])]).toEqual([true, false, null]);
    expect([...(table.getChild('chunked') ?? [])]).toEqual([1, 2, 3]);
    expect(table.numRows).toBe(3);
  });

  it('keeps a dictionary vector as it is', () => {
    const labels = vectorFromArray(['x', 'y', 'x']);
    const table = tableFromColumns({ labels, n: [1, 2, 3] });
    expect(table.getChild('labels')?.type).toBe(labels.type);
  });

  it('refuses columns of different lengths, listing them', () => {
    const error = catchError(() => tableFromColumns({ a: [1, 2, 3], b: new Float64Array(2) }));
    expect(DataFormatError.isInstance(error)).toBe(true);
    expect(error).toMatchObject({ format: 'columns' });
    expect((error as Error).message).toContain('"a" has 3');
    expect((error as Error).message).toContain('"b" has 2');
  });

  it('refuses mixed kinds with the 1-based position', () => {
    const error = catchError(() => tableFromColumns({ a: [1, 'two'] }));
    expect(error).toMatchObject({ format: 'columns', line: 2 });
  });

  it('refuses what is not a column', () => {
    expect(
      InvalidArgumentError.isInstance(catchError(() => tableFromColumns({ a: 5 as never }))),
    ).toBe(true);
    expect(InvalidArgumentError.isInstance(catchError(() => tableFromColumns(null as never)))).toBe(
      true,
    );
    const view = new DataView(new ArrayBuffer(8));
    expect(catchError(() => tableFromColumns({ a: view as never }))).toMatchObject({
      argument: 'columns',
    });
  });

  it('returns an empty table for no columns and keeps zero-length columns', () => {
    expect(tableFromColumns({}).numCols).toBe(0);
    const table = tableFromColumns({ a: new Float64Array(0), b: [] });
    expect(table.numRows).toBe(0);
    expect(table.schema.fields.map(String)).toEqual(['a: Float64', 'b: Null']);
  });
});
