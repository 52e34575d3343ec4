import { describe, expect, it } from 'vitest';
import { tableFromColumns } from '../arrow';
import {
  defineSuite,
  type Expectation,
  expectCompoundColumnsToBeUnique,
  expectTableColumnsToExist,
  expectTableColumnsToMatchOrderedList,
  expectTableColumnsToMatchSet,
  expectTableRowCountToBeBetween,
  validate,
} from './index';

function check(table: ReturnType<typeof tableFromColumns>, expectation: Expectation) {
  const result = validate(table, defineSuite([expectation]), { resultFormat: 'complete' });
  const [only] = result.results;
  if (only === undefined) throw new Error('no result');
  return { ...only, failureCases: result.failureCases };
}

const table = tableFromColumns({ a: [1, 2, 3], b: ['x', 'y', 'z'], c: [true, false, true] });
const empty = tableFromColumns({ a: new Float64Array(0) });

describe('expect_table_row_count_to_be_between', () => {
  it('passes and fails on the row count', () => {
    expect(check(table, expectTableRowCountToBeBetween({ min: 3, max: 3 }))).toMatchObject({
      success: true,
      observedValue: 3,
    });
    const fail = check(table, expectTableRowCountToBeBetween({ min: 4 }));
    expect(fail.failureCases).toEqual([
      {
        column: null,
        check: 'expect_table_row_count_to_be_between',
        checkIndex: 0,
        failureCase: 3,
        rowIndex: null,
      },
    ]);
  });

  it('observes 0 rows in an empty table', () => {
    expect(check(empty, expectTableRowCountToBeBetween({ min: 1 }))).toMatchObject({
      success: false,
      observedValue: 0,
    });
    expect(check(empty, expectTableRowCountToBeBetween({ max: 0 })).success).toBe(true);
  });
});

describe('expect_table_columns_to_exist', () => {
  it('reports each missing column without throwing', () => {
    expect(check(table, expectTableColumnsToExist(['a', 'c'])).success).toBe(true);
    const fail = check(table, expectTableColumnsToExist(['a', 'd', 'e']));
    expect(fail).toMatchObject({
      success: false,
      unexpectedCount: 2,
      observedValue: ['a', 'b', 'c'],
    });
    expect(fail.failureCases).toEqual([
      {
        column: 'd',
        check: 'expect_table_columns_to_exist',
        checkIndex: 0,
        failureCase: 'missing',
        rowIndex: null,
      },
      {
        column: 'e',
        check: 'expect_table_columns_to_exist',
        checkIndex: 0,
        failureCase: 'missing',
        rowIndex: null,
      },
    ]);
  });
});

describe('expect_table_columns_to_match_ordered_list', () => {
  it('reports each position that differs', () => {
    expect(check(table, expectTableColumnsToMatchOrderedList(['a', 'b', 'c'])).success).toBe(true);
    const fail = check(table, expectTableColumnsToMatchOrderedList(['a', 'c', 'b', 'd']));
    expect(fail.failureCases).toEqual([
      {
        column: 'c',
        check: 'expect_table_columns_to_match_ordered_list',
        checkIndex: 0,
        failureCase: 'b',
        rowIndex: null,
      },
      {
        column: 'b',
        check: 'expect_table_columns_to_match_ordered_list',
        checkIndex: 0,
        failureCase: 'c',
        rowIndex: null,
      },
      {
        column: 'd',
        check: 'expect_table_columns_to_match_ordered_list',
        checkIndex: 0,
        failureCase: null,
        rowIndex: null,
      },
    ]);
    const extra = check(table, expectTableColumnsToMatchOrderedList(['a', 'b']));
    expect(extra.failureCases).toEqual([
      {
        column: null,
        check: 'expect_table_columns_to_match_ordered_list',
        checkIndex: 0,
        failureCase: 'c',
        rowIndex: null,
      },
    ]);
  });
});

describe('expect_table_columns_to_match_set', () => {
  it('ignores order and reports missing and unexpected columns', () => {
    expect(check(table, expectTableColumnsToMatchSet(['c', 'a', 'b'])).success).toBe(true);
    const fail = check(table, expectTableColumnsToMatchSet(['a', 'b', 'd']));
    expect(fail.failureCases).toEqual([
      {
        column: 'd',
        check: 'expect_table_columns_to_match_set',
        checkIndex: 0,
        failureCase: 'missing',
        rowIndex: null,
      },
      {
        column: 'c',
        check: 'expect_table_columns_to_match_set',
        checkIndex: 0,
        failureCase: 'unexpected',
        rowIndex: null,
      },
    ]);
  });

  it('allows extra columns without an exact match', () => {
    expect(
      check(table, expectTableColumnsToMatchSet(['a', 'b'], { exactMatch: false })).success,
    ).toBe(true);
    expect(
      check(table, expectTableColumnsToMatchSet(['a', 'z'], { exactMatch: false })).failureCases,
    ).toHaveLength(1);
  });
});

describe('expect_compound_columns_to_be_unique', () => {
  const orders = tableFromColumns({
    user: ['u1', 'u1', 'u2', 'u1', null, null, null],
    day: [1, 2, 1, 1, null, null, 3],
  });

  it('marks every row of a repeated combination, skipping rows where all are null', () => {
    const result = check(orders, expectCompoundColumnsToBeUnique(['user', 'day']));
    expect(result).toMatchObject({
      success: false,
      elementCount: 7,
      nullCount: 2,
      unexpectedCount: 2,
      unexpectedPercent: 40,
    });
    expect(result.failureCases).toEqual([
      {
        column: 'user, day',
        check: 'expect_compound_columns_to_be_unique',
        checkIndex: 0,
        failureCase: ['u1', 1],
        rowIndex: 0,
      },
      {
        column: 'user, day',
        check: 'expect_compound_columns_to_be_unique',
        checkIndex: 0,
        failureCase: ['u1', 1],
        rowIndex: 3,
      },
    ]);
  });

  it('applies mostly over the rows not skipped', () => {
    expect(
      check(orders, expectCompoundColumnsToBeUnique(['user', 'day'], { mostly: 0.6 })).success,
    ).toBe(true);
    expect(
      check(orders, expectCompoundColumnsToBeUnique(['user', 'day'], { mostly: 0.61 })).success,
    ).toBe(false);
  });

  it('treats a null inside a combination as a value', () => {
    const withNulls = tableFromColumns({ a: ['x', 'x'], b: [null, null] });
    expect(
      check(withNulls, expectCompoundColumnsToBeUnique(['a', 'b'])).failureCases.map(
        (row) => row.failureCase,
      ),
    ).toEqual([
      ['x', null],
      ['x', null],
    ]);
  });

  it('does not confuse a number with its text', () => {
    const mixed = tableFromColumns({ a: [1, 2], b: ['1', '1'] });
    expect(check(mixed, expectCompoundColumnsToBeUnique(['a', 'b'])).success).toBe(true);
  });

  it('passes an empty table', () => {
    expect(check(empty, expectCompoundColumnsToBeUnique(['a']))).toMatchObject({
      success: true,
      unexpectedPercent: null,
    });
  });
});
