import {
  Dictionary,
  Float64,
  Int8,
  Int16,
  Int32,
  makeData,
  makeVector,
  Table,
  Uint32,
  Utf8,
  Vector,
  vectorFromArray,
} from 'apache-arrow';
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { tableFromColumns } from '../arrow';
import {
  defineSuite,
  type Expectation,
  expectColumnDistinctCountToBeBetween,
  expectColumnValueLengthsToBeBetween,
  expectColumnValuesToBeInSet,
  expectColumnValuesToBeUnique,
  expectColumnValuesToMatchRegex,
  expectColumnValuesToNotBeNull,
  expectCompoundColumnsToBeUnique,
  validate,
} from './index';

// The column paths chosen for speed (dense-integer bitmaps and a typed hash for unique,
// checks once per dictionary entry, Arrow buffers read without a copy) must give exactly
// what a plain per-row evaluation gives. The references below are that plain evaluation.

function failingRows(table: Table, expectation: Expectation): number[] {
  const result = validate(table, defineSuite([expectation]), { resultFormat: 'complete' });
  return result.failureCases.map((failure) => failure.rowIndex as number);
}

/** Every non-null row whose value (SameValueZero) occurs more than once. */
function naiveRepeated(values: readonly (number | string | null)[]): number[] {
  const counts = new Map<number | string, number>();
  for (const value of values) if (value !== null) counts.set(value, (counts.get(value) ?? 0) + 1);
  const rows: number[] = [];
  values.forEach((value, row) => {
    if (value !== null && (counts.get(value) as number) > 1) rows.push(row);
  });
  return rows;
}

const numberCell = fc.oneof(
  { weight: 6, arbitrary: fc.integer({ min: -20, max: 20 }) },
  { weight: 2, arbitrary: fc.double({ noDefaultInfinity: false }) },
  { weight: 1, arbitrary: fc.constantFrom(Number.NaN, -0, 0, 0.5, 1e300) },
  { weight: 1, arbitrary: fc.constant(null) },
);

describe('expect_column_values_to_be_unique over numbers', () => {
  it('flags exactly the repeated rows, for dense integers, sparse values, NaN, -0 and nulls', () => {
    fc.assert(
      fc.property(fc.array(numberCell, { maxLength: 60 }), (cells) => {
        const table = new Table({ x: vectorFromArray(cells, new Float64()) });
        expect(failingRows(table, expectColumnValuesToBeUnique('x'))).toEqual(naiveRepeated(cells));
      }),
      { numRuns: 400 },
    );
  });

  it('takes the hash path for values spread far apart and still finds every repeat', () => {
    const values = Float64Array.from({ length: 5000 }, (_, index) => index * 1e6 + 0.25);
    values[4321] = values[17] as number;
    values[999] = values[17] as number;
    const table = tableFromColumns({ x: values });
    expect(failingRows(table, expectColumnValuesToBeUnique('x'))).toEqual([17, 999, 4321]);
  });

  it('reads 8, 16 and 32-bit integer and unsigned columns as they are', () => {
    const int8 = makeVector(Int8Array.from([1, -2, 3, -2]));
    const int16 = makeVector(Int16Array.from([300, 301, 300, -300]));
    const int32 = makeVector(Int32Array.from([7, 8, 9, 10]));
    const uint32 = makeVector(Uint32Array.from([4_000_000_000, 1, 4_000_000_000, 2]));
    const table = new Table({ int8, int16, int32, uint32 });
    expect(failingRows(table, expectColumnValuesToBeUnique('int8'))).toEqual([1, 3]);
    expect(failingRows(table, expectColumnValuesToBeUnique('int16'))).toEqual([0, 2]);
    expect(failingRows(table, expectColumnValuesToBeUnique('int32'))).toEqual([]);
    expect(failingRows(table, expectColumnValuesToBeUnique('uint32'))).toEqual([0, 2]);
    const types = [Int8, Int16, Int32, Uint32].map((type) => new type().toString());
    expect(table.schema.fields.map((field) => String(field.type))).toEqual(types);
  });
});

/** A dictionary column whose chunks have dictionaries of their own (with duplicates and a null). */
function multiChunkDictionary(): { vector: Vector; cells: (string | null)[] } {
  const type = new Dictionary(new Utf8(), new Int32());
  const first = vectorFromArray(['a', 'b', 'a'], new Utf8());
  const second = vectorFromArray(['b', 'zz', 'b', null], new Utf8());
  const chunkOne = makeData({
    type,
    length: 5,
    data: Int32Array.from([0, 1, 2, 1, 0]),
    dictionary: first,
  });
  const chunkTwo = makeData({
    type,
    length: 6,
    data: Int32Array.from([1, 0, 3, 2, 1, 0]),
    // Row 4 of this chunk is null through the validity bitmap.
    nullBitmap: Uint8Array.from([0b1110_1111]),
    nullCount: 1,
    dictionary: second,
  });
  const vector = new Vector([chunkOne, chunkTwo]);
  const cells = ['a', 'b', 'a', 'b', 'a', 'zz', 'b', null, 'b', null, 'b'];
  return { vector, cells };
}

describe('string checks over dictionary codes', () => {
  it('decodes a multi-chunk dictionary with duplicate entries, a null entry and null rows', () => {
    const { vector, cells } = multiChunkDictionary();
    expect(vector.toArray()).toEqual(cells);
    const table = new Table({ s: vector });
    expect(failingRows(table, expectColumnValuesToNotBeNull('s'))).toEqual([7, 9]);
    expect(failingRows(table, expectColumnValuesToBeUnique('s'))).toEqual(
      naiveRepeated(cells).filter((row) => cells[row] !== 'zz'),
    );
    expect(failingRows(table, expectColumnValuesToBeInSet('s', ['a', 'b']))).toEqual([5]);
    expect(failingRows(table, expectColumnValuesToMatchRegex('s', '^[ab]$'))).toEqual([5]);
    expect(failingRows(table, expectColumnValueLengthsToBeBetween('s', { max: 1 }))).toEqual([5]);
    const distinct = validate(
      table,
      defineSuite([expectColumnDistinctCountToBeBetween('s', { min: 3, max: 3 })]),
    );
    expect(distinct.results[0]?.observedValue).toBe(3);
    expect(distinct.success).toBe(true);
  });

  it('counts only the dictionary entries that some row uses', () => {
    const type = new Dictionary(new Utf8(), new Int32());
    const data = makeData({
      type,
      length: 3,
      data: Int32Array.from([2, 2, 0]),
      dictionary: vectorFromArray(['x', 'unused', 'y'], new Utf8()),
    });
    const table = new Table({ s: new Vector([data]) });
    const result = validate(
      table,
      defineSuite([expectColumnDistinctCountToBeBetween('s', { min: 2, max: 2 })]),
    );
    expect(result.results[0]?.observedValue).toBe(2);
    expect(failingRows(table, expectColumnValuesToBeUnique('s'))).toEqual([0, 1]);
  });

  it('gives plain and dictionary-encoded strings the same failures', () => {
    const cell = fc.oneof(fc.constantFrom('a', 'bb', 'é', '😀x', ''), fc.constant(null));
    fc.assert(
      fc.property(fc.array(cell, { maxLength: 40 }), (cells) => {
        const plain = tableFromColumns({ s: cells }, { stringEncoding: 'utf8' });
        const encoded = tableFromColumns({ s: cells }, { stringEncoding: 'dictionary' });
        const checks: Expectation[] = [
          expectColumnValuesToBeUnique('s'),
          expectColumnValuesToBeInSet('s', ['a', 'é']),
          expectColumnValuesToMatchRegex('s', 'b'),
          expectColumnValueLengthsToBeBetween('s', { min: 1, max: 1 }),
          expectColumnValuesToNotBeNull('s'),
        ];
        for (const check of checks) {
          expect(failingRows(encoded, check)).toEqual(failingRows(plain, check));
        }
        expect(failingRows(plain, expectColumnValuesToBeUnique('s'))).toEqual(naiveRepeated(cells));
      }),
      { numRuns: 200 },
    );
  });
});

describe('expect_compound_columns_to_be_unique', () => {
  it('flags the rows whose combination repeats, skipping rows null in every column', () => {
    const row = fc.tuple(
      fc.oneof(
        fc.integer({ min: 0, max: 3 }),
        fc.constantFrom(Number.NaN, -0, 1e9),
        fc.constant(null),
      ),
      fc.oneof(fc.constantFrom('a', 'b', 'ab'), fc.constant(null)),
      fc.oneof(fc.integer({ min: 0, max: 1 }), fc.constant(null)),
    );
    fc.assert(
      fc.property(fc.array(row, { maxLength: 50 }), fc.boolean(), (rows, dictionary) => {
        const table = new Table({
          x: vectorFromArray(
            rows.map((entry) => entry[0]),
            new Float64(),
          ),
          s: tableFromColumns(
            { s: rows.map((entry) => entry[1]) },
            { stringEncoding: dictionary ? 'dictionary' : 'utf8' },
          ).getChild('s') as Vector,
          k: vectorFromArray(
            rows.map((entry) => entry[2]),
            new Int32(),
          ),
        });
        // The plain evaluation: a key per row, SameValueZero on numbers.
        const keyOf = (entry: (typeof rows)[number]) =>
          JSON.stringify(entry.map((cell) => (typeof cell === 'number' ? String(cell + 0) : cell)));
        const counts = new Map<string, number>();
        const skipped = rows.map((entry) => entry.every((cell) => cell === null));
        rows.forEach((entry, index) => {
          if (!skipped[index]) counts.set(keyOf(entry), (counts.get(keyOf(entry)) ?? 0) + 1);
        });
        const expected = rows.flatMap((entry, index) =>
          !skipped[index] && (counts.get(keyOf(entry)) as number) > 1 ? [index] : [],
        );
        expect(failingRows(table, expectCompoundColumnsToBeUnique(['x', 's', 'k']))).toEqual(
          expected,
        );
      }),
      { numRuns: 300 },
    );
  });
});
