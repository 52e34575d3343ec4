import {
  Bool,
  Decimal,
  Field,
  Float16,
  Float32,
  Float64,
  Int8,
  Int16,
  Int32,
  Int64,
  makeData,
  makeVector,
  Null,
  Schema,
  Table,
  Uint8,
  Uint16,
  Uint32,
  Uint64,
  Utf8,
  vectorFromArray,
} from 'apache-arrow';
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { catchError } from '../../test/support/catch-error';
import { DataFormatError, InvalidArgumentError } from '../errors';
import {
  numericColumn,
  readArrowIpc,
  tableFromColumns,
  tableFromRows,
  writeArrowIpc,
} from './index';

/** What numericColumn should return, computed the slow way through Arrow's getters. */
function expected(table: Table, name: string) {
  const rows = [...(table.getChild(name) ?? [])];
  const valid = rows.map((value) => (value === null ? 0 : 1));
  return {
    values: rows.map((value) => (value === null ? Number.NaN : Number(value))),
    valid: valid.includes(0) ? valid : null,
    nullCount: valid.filter((flag) => flag === 0).length,
  };
}

function asPlain(column: ReturnType<typeof numericColumn>) {
  return {
    values: [...column.values],
    valid: column.valid === null ? null : [...column.valid],
    nullCount: column.nullCount,
  };
}

function withNulls(type: Float64 | Int32, values: readonly (number | null)[]): Table {
  return tableFromRows(
    values.map((x) => ({ x })),
    { schema: new Schema([new Field('x', type, true)]) },
  );
}

describe('numericColumn', () => {
  it('returns a view of the table buffer for a single-chunk Float64 column without nulls', () => {
    const source = new Float64Array(1_000_000).map((_, index) => index * 0.5);
    const table = tableFromColumns({ x: source });
    const column = numericColumn(table, 'x');
    expect(column.values.buffer).toBe(source.buffer);
    expect(column.values.byteOffset).toBe(source.byteOffset);
    expect(column.values.length).toBe(1_000_000);
    expect(column.valid).toBeNull();
    expect(column.nullCount).toBe(0);
  });

  it('stays zero-copy on a table read from Arrow IPC and on a slice', () => {
    const table = readArrowIpc(
      writeArrowIpc(tableFromColumns({ x: new Float64Array([1, 2, 3, 4]) })),
    );
    const stored = table.getChild('x')?.data[0]?.values as Float64Array;
    expect(numericColumn(table, 'x').values.buffer).toBe(stored.buffer);
    const sliced = table.slice(1, 3);
    const view = numericColumn(sliced, 'x');
    expect(view.values.buffer).toBe(stored.buffer);
    expect([...view.values]).toEqual([2, 3]);
  });

  it('puts NaN at nulls and a byte mask in valid, without touching the table', () => {
    const table = withNulls(new Float64(), [1, null, 3, Number.NaN, null]);
    const column = numericColumn(table, 'x');
    expect([...column.values]).toEqual([1, Number.NaN, 3, Number.NaN, Number.NaN]);
    expect([...(column.valid ?? [])]).toEqual([1, 0, 1, 1, 0]);
    expect(column.nullCount).toBe(2);
    const stored = table.getChild('x')?.data[0]?.values as Float64Array | undefined;
    expect(stored?.[1]).toBe(0);
  });

  it('reads multi-chunk tables chunk by chunk', () => {
    const table = withNulls(new Float64(), [1, null]).concat(
      withNulls(new Float64(), [3, 4, null]),
    );
    expect(table.getChild('x')?.data.length).toBe(2);
    expect(asPlain(numericColumn(table, 'x'))).toEqual(expected(table, 'x'));
  });

  it('honours validity bitmap offsets of sliced tables', () => {
    const source = Array.from({ length: 40 }, (_, index) => (index % 3 === 0 ? null : index));
    const table = withNulls(new Int32(), source);
    for (const [begin, end] of [
      [3, 17],
      [5, 6],
      [9, 40],
      [0, 0],
    ] as const) {
      const sliced = table.slice(begin, end);
      const column = numericColumn(sliced, 'x');
      expect(asPlain(column)).toEqual(expected(sliced, 'x'));
      expect(column.values.length).toBe(end - begin);
    }
  });

  it('converts every integer type and Float32, Float16 and Bool', () => {
    const table = new Table({
      i8: vectorFromArray([-128, 127, null], new Int8()),
      i16: vectorFromArray([-32768, 32767, 0], new Int16()),
      i32: vectorFromArray([-(2 ** 31), 2 ** 31 - 1, 0], new Int32()),
      i64: vectorFromArray([-(2n ** 53n), 2n ** 53n, null], new Int64()),
      u8: vectorFromArray([0, 255, 1], new Uint8()),
      u16: vectorFromArray([0, 65535, 1], new Uint16()),
      u32: vectorFromArray([0, 2 ** 32 - 1, 1], new Uint32()),
      u64: vectorFromArray([0n, 2n ** 64n - 1n, 1n], new Uint64()),
      f32: vectorFromArray([0.5, -1.25, null], new Float32()),
      f16: vectorFromArray([0.5, -2, 65504], new Float16()),
      flag: vectorFromArray([true, false, null], new Bool()),
    });
    const read = (name: string) => asPlain(numericColumn(table, name));
    expect(read('i8').values).toEqual([-128, 127, Number.NaN]);
    expect(read('i8').valid).toEqual([1, 1, 0]);
    expect(read('i16').values).toEqual([-32768, 32767, 0]);
    expect(read('i32').values).toEqual([-(2 ** 31), 2 ** 31 - 1, 0]);
    expect(read('i64').values).toEqual([-(2 ** 53), 2 ** 53, Number.NaN]);
    expect(read('u8').values).toEqual([0, 255, 1]);
    expect(read('u16').values).toEqual([0, 65535, 1]);
    expect(read('u32').values).toEqual([0, 2 ** 32 - 1, 1]);
    expect(read('u64').values).toEqual([0, 2 ** 64, 1]);
    expect(read('f32').values).toEqual([0.5, -1.25, Number.NaN]);
    expect(read('f16').values).toEqual([0.5, -2, 65504]);
    expect(read('flag')).toEqual({ values: [1, 0, Number.NaN], valid: [1, 1, 0], nullCount: 1 });
  });

  it('reads a sliced Bool column from the right bits', () => {
    const flags = Array.from({ length: 21 }, (_, index) => index % 4 === 1);
    const table = tableFromColumns({ flag: flags }).slice(5, 19);
    expect([...numericColumn(table, 'flag').values]).toEqual(flags.slice(5, 19).map(Number));
  });

  it('converts 128-bit decimals, negative and beyond 2^53 included', () => {
    const words = new Uint32Array([
      ...[12345, 0, 0, 0],
      ...[0xffff_ffff, 0xffff_ffff, 0xffff_ffff, 0xffff_ffff],
      ...[0, 0, 1, 0],
      ...[0, 0, 0xffff_ffff, 0xffff_ffff],
    ]);
    const decimals = makeVector(
      makeData({ type: new Decimal(2, 38, 128), data: words, length: 4 }),
    );
    const column = numericColumn(new Table({ d: decimals }), 'd');
    expect([...column.values]).toEqual([123.45, -0.01, 2 ** 64 / 100, -(2 ** 64) / 100]);
  });

  it('reads a Null column as all null', () => {
    const table = new Table({ n: makeVector(makeData({ type: new Null(), length: 3 })) });
    expect(asPlain(numericColumn(table, 'n'))).toEqual({
      values: [Number.NaN, Number.NaN, Number.NaN],
      valid: [0, 0, 0],
      nullCount: 3,
    });
  });

  it('names the available columns for an unknown column', () => {
    const table = tableFromColumns({ alpha: [1], beta: [2] });
    const error = catchError(() => numericColumn(table, 'gamma'));
    expect(InvalidArgumentError.isInstance(error)).toBe(true);
    expect(DataFormatError.isInstance(error)).toBe(false);
    expect(error).toMatchObject({ argument: 'name' });
    expect((error as Error).message).toContain('"alpha", "beta"');
  });

  it('names the type of a non-numeric column and points dictionaries to stringColumn', () => {
    const table = new Table({
      s: vectorFromArray(['a'], new Utf8()),
      d: vectorFromArray(['a']),
    });
    expect((catchError(() => numericColumn(table, 's')) as Error).message).toContain('Utf8');
    expect((catchError(() => numericColumn(table, 'd')) as Error).message).toContain(
      'stringColumn',
    );
    expect(InvalidArgumentError.isInstance(catchError(() => numericColumn({} as never, 's')))).toBe(
      true,
    );
  });

  it('matches Arrow getters on random chunked, sliced columns (property)', () => {
    const chunk = fc.array(fc.option(fc.integer({ min: -1000, max: 1000 }), { nil: null }), {
      maxLength: 30,
    });
    fc.assert(
      fc.property(
        fc.array(chunk, { minLength: 1, maxLength: 4 }),
        fc.constantFrom(new Float64(), new Int32()),
        fc.nat(),
        fc.nat(),
        (chunks, type, start, size) => {
          const table = chunks
            .map((values) => withNulls(type, values))
            .reduce((a, b) => a.concat(b));
          const begin = start % (table.numRows + 1);
          const sliced = table.slice(begin, begin + (size % (table.numRows - begin + 1)));
          expect(asPlain(numericColumn(sliced, 'x'))).toEqual(expected(sliced, 'x'));
        },
      ),
    );
  });
});
