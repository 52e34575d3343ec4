import { LargeUtf8, makeData, makeVector, Null, Table, vectorFromArray } from 'apache-arrow';
import { describe, expect, it } from 'vitest';
import { InvalidArgumentError } from '../errors';
import {
  columnNames,
  readArrowIpc,
  stringColumn,
  tableFromColumns,
  tableFromRows,
  writeArrowIpc,
} from './index';

describe('stringColumn', () => {
  it('reads Utf8 values with nulls, unicode and a leading U+FEFF', () => {
    const table = tableFromColumns({ s: ['a', null, 'žluť 🐎', '\uFEFFbom', ''] });
    expect(stringColumn(table, 's')).toEqual(['a', null, 'žluť 🐎', '\uFEFFbom', '']);
  });

  it('reads LargeUtf8 and dictionary columns, across chunks and slices', () => {
    const large = new Table({ s: vectorFromArray(['x', null, 'y'], new LargeUtf8()) });
    expect(stringColumn(large, 's')).toEqual(['x', null, 'y']);
    const first = tableFromRows([{ s: 'a' }, { s: null }, { s: 'b' }, { s: 'a' }], {
      stringEncoding: 'dictionary',
    });
    const second = tableFromRows([{ s: 'c' }, { s: 'a' }], { stringEncoding: 'dictionary' });
    const chunked = first.concat(second);
    expect(stringColumn(chunked, 's')).toEqual(['a', null, 'b', 'a', 'c', 'a']);
    expect(stringColumn(chunked.slice(1, 5), 's')).toEqual([null, 'b', 'a', 'c']);
    const roundTripped = readArrowIpc(writeArrowIpc(first));
    expect(stringColumn(roundTripped, 's')).toEqual(['a', null, 'b', 'a']);
  });

  it('reads sliced Utf8 columns', () => {
    const table = tableFromColumns({
      s: Array.from({ length: 20 }, (_, index) => (index % 3 ? `v${index}` : null)),
    });
    expect(stringColumn(table.slice(7, 15), 's')).toEqual(
      Array.from({ length: 8 }, (_, offset) => ((offset + 7) % 3 ? `v${offset + 7}` : null)),
    );
  });

  it('reads a Null column as all nulls', () => {
    const table = new Table({ n: makeVector(makeData({ type: new Null(), length: 2 })) });
    expect(stringColumn(table, 'n')).toEqual([null, null]);
  });

  it('refuses unknown and non-string columns with typed errors', () => {
    const table = tableFromColumns({ x: new Float64Array(1) });
    let caught: unknown;
    try {
      stringColumn(table, 'x');
    } catch (error) {
      caught = error;
    }
    expect(InvalidArgumentError.isInstance(caught)).toBe(true);
    expect((caught as Error).message).toContain('Float64');
    expect(() => stringColumn(table, 'y')).toThrow(/"x"/);
  });
});

describe('columnNames', () => {
  it('lists the columns in schema order', () => {
    expect(columnNames(tableFromColumns({ b: [1], a: ['x'] }))).toEqual(['b', 'a']);
    expect(columnNames(new Table())).toEqual([]);
  });
});
